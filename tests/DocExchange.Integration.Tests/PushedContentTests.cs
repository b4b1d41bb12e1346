using System.Security.Cryptography;
using System.Text.Json;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// A subscriber that asks for it (SubscribeInboxRequest.include_content_max_bytes) receives a small document's content
/// with its delivery, read from the store and checked as a fetch checks it; anything else comes without content and is
/// fetched as before.
/// </summary>
public abstract class PushedContentTests(Func<Task<ServerDeployment>> deploy) : IAsyncLifetime
{
    private const long AskFor = 256 * 1024;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private ServerDeployment _deployment = null!;

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync() => _deployment = await deploy();

    public async Task DisposeAsync()
    {
        await _deployment.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_subscriber_that_asks_receives_a_small_documents_parts_with_the_push_as_they_were_sent()
    {
        var server = await StartAsync();
        var pdf = SamplePdf.Create("Cong van kem phu luc");
        var annex = RandomNumberGenerator.GetBytes(5000);
        using var inbox = await SubscribeAsync(server, AskFor);

        var sent = await SendWithAnnexAsync(server, "with-annex", pdf, annex);
        var delivery = await NextDeliveryAsync(inbox);

        Assert.Equal(sent.DocumentId, delivery.DocumentId);
        Assert.Equal(["main", "phu-luc"], delivery.Contents.Select(c => c.PartId));
        Assert.Equal(pdf, delivery.Contents[0].Data.ToByteArray());
        Assert.Equal(annex, delivery.Contents[1].Data.ToByteArray());
    }

    [Fact]
    public async Task A_document_over_the_subscribers_limit_comes_without_content_and_is_fetched_intact()
    {
        var server = await StartAsync();
        var pdf = SamplePdf.Create("Vua du gioi han");
        using var exactly = await SubscribeAsync(server, pdf.Length);
        using var lessByOne = await SubscribeAsync(server, pdf.Length - 1);

        var sent = await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header("at-limit", TestServer.H41, pdf), pdf);

        Assert.Equal(pdf, Assert.Single((await NextDeliveryAsync(exactly)).Contents).Data.ToByteArray());
        var over = await NextDeliveryAsync(lessByOne);
        Assert.Equal(sent.DocumentId, over.DocumentId);
        Assert.Empty(over.Contents);
        Assert.Equal(pdf, (await Exchanges.FetchAsync(server.Agency(TestServer.H41), sent.DocumentId, Ct))["main"]);
    }

    [Fact]
    public async Task A_document_over_the_servers_limit_comes_without_content_whatever_the_subscriber_asks_and_is_fetched_intact()
    {
        var pdf = SamplePdf.Create("Qua gioi han may chu");
        var server = await StartAsync($"--DocExchange:Limits:PushContentMaxBytes={pdf.Length - 1}");
        using var inbox = await SubscribeAsync(server, 1024 * 1024);

        var sent = await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header("over-cap", TestServer.H41, pdf), pdf);
        var delivery = await NextDeliveryAsync(inbox);

        Assert.Equal(sent.DocumentId, delivery.DocumentId);
        Assert.Empty(delivery.Contents);
        Assert.Equal(pdf, (await Exchanges.FetchAsync(server.Agency(TestServer.H41), sent.DocumentId, Ct))["main"]);
    }

    [Fact]
    public async Task With_the_servers_limit_at_zero_no_content_is_pushed()
    {
        var server = await StartAsync("--DocExchange:Limits:PushContentMaxBytes=0");
        using var inbox = await SubscribeAsync(server, AskFor);
        var pdf = SamplePdf.Create("Tat");

        await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header("off", TestServer.H41, pdf), pdf);

        Assert.Empty((await NextDeliveryAsync(inbox)).Contents);
    }

    [Fact]
    public async Task A_subscriber_that_does_not_ask_receives_no_content()
    {
        var server = await StartAsync();
        using var inbox = await SubscribeAsync(server, 0);
        var pdf = SamplePdf.Create("Khong hoi", 20_000);

        await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header("not-asked", TestServer.H41, pdf), pdf);
        Assert.True(await inbox.ResponseStream.MoveNext(Ct));
        var message = inbox.ResponseStream.Current;

        Assert.Empty(message.Delivery.Contents);
        // The message as it went over the wire holds the metadata only.
        Assert.True(message.CalculateSize() < 2_000, $"the pushed message has {message.CalculateSize()} bytes");
    }

    [Fact]
    public async Task The_backlog_pushed_when_the_subscription_opens_carries_the_content_too()
    {
        var server = await StartAsync();
        var first = SamplePdf.Create("Ton dong 1");
        var second = SamplePdf.Create("Ton dong 2", 10_000);
        var sender = server.Agency(TestServer.G22);
        var a = await Exchanges.SendAsync(sender, Exchanges.Header("backlog-1", TestServer.H41, first, "1"), first);
        var b = await Exchanges.SendAsync(sender, Exchanges.Header("backlog-2", TestServer.H41, second, "2"), second);

        using var inbox = Subscribe(server, AskFor);
        var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, Ct);

        var deliveries = backlog.Where(e => e.Delivery is not null).Select(e => e.Delivery).ToList();
        Assert.Equal([a.DocumentId, b.DocumentId], deliveries.Select(d => d.DocumentId));
        Assert.All(deliveries, d => Assert.True(d.Pending));
        Assert.Equal(first, Assert.Single(deliveries[0].Contents).Data.ToByteArray());
        Assert.Equal(second, Assert.Single(deliveries[1].Contents).Data.ToByteArray());
    }

    [Fact]
    public async Task A_recall_request_comes_without_content()
    {
        var server = await StartAsync();
        var pdf = SamplePdf.Create("Thu hoi");
        using var inbox = await SubscribeAsync(server, AskFor);
        var sent = await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header("to-recall", TestServer.H41, pdf), pdf);
        Assert.NotEmpty((await NextDeliveryAsync(inbox)).Contents);

        await server.Agency(TestServer.G22).UnaryAsync(Exchange.Methods.Recall, new RecallRequest { DocumentId = sent.DocumentId, Reason = "Sai số hiệu" });
        var recall = await NextDeliveryAsync(inbox);

        Assert.Equal(DeliveryKind.RecallRequest, recall.Kind);
        Assert.Empty(recall.Contents);
    }

    [Fact]
    public async Task Stored_content_altered_after_the_send_is_not_pushed_and_the_stream_goes_on()
    {
        var server = await StartAsync();
        var sender = server.Agency(TestServer.G22);
        var damagedPdf = SamplePdf.Create("Hong");
        var intactPdf = SamplePdf.Create("Nguyen ven");
        var damaged = await Exchanges.SendAsync(sender, Exchanges.Header("damaged", TestServer.H41, damagedPdf, "1"), damagedPdf);
        var intact = await Exchanges.SendAsync(sender, Exchanges.Header("intact", TestServer.H41, intactPdf, "2"), intactPdf);
        await AlterStoredContentAsync(server, damaged.Parts[0].Sha256.ToByteArray());

        using var inbox = Subscribe(server, AskFor);
        var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, Ct);
        var deliveries = backlog.Where(e => e.Delivery is not null).Select(e => e.Delivery).ToList();
        var livePdf = SamplePdf.Create("Sau do");
        var live = await Exchanges.SendAsync(sender, Exchanges.Header("after", TestServer.H41, livePdf, "3"), livePdf);
        var next = await NextDeliveryAsync(inbox);

        Assert.Equal([damaged.DocumentId, intact.DocumentId], deliveries.Select(d => d.DocumentId));
        Assert.Empty(deliveries[0].Contents);
        Assert.Equal(intactPdf, Assert.Single(deliveries[1].Contents).Data.ToByteArray());
        Assert.Equal(live.DocumentId, next.DocumentId);
        Assert.Equal(livePdf, Assert.Single(next.Contents).Data.ToByteArray());
        var error = await Assert.ThrowsAsync<RpcException>(() => Exchanges.FetchAsync(server.Agency(TestServer.H41), damaged.DocumentId, Ct));
        Assert.Equal(GrpcStatusCode.DataLoss, error.StatusCode);
        var logged = await ErrorLinesAfterStopAsync(server);
        Assert.Contains(logged, l => l.GetProperty("Properties").GetProperty("DocumentId").GetString() == damaged.DocumentId
            && l.GetProperty("MessageTemplate").GetString()!.StartsWith("Document {DocumentId} was pushed to {Recipient} without its content", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_negative_content_limit_is_refused_naming_the_field()
    {
        var server = await StartAsync();
        using var inbox = Subscribe(server, -1);

        var error = await Assert.ThrowsAsync<RpcException>(() => inbox.ResponseStream.MoveNext(Ct));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("include_content_max_bytes is -1", error.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<TestServer> StartAsync(params string[] settings)
    {
        var server = await _deployment.StartInstanceAsync(settings);
        await Exchanges.RegisterSampleAgenciesAsync(server);
        return server;
    }

    private AsyncServerStreamingCall<InboxEvent> Subscribe(TestServer server, long includeContentMaxBytes) =>
        server.Agency(TestServer.H41).AsyncServerStreamingCall(
            Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest { IncludeContentMaxBytes = includeContentMaxBytes }, new(cancellationToken: Ct));

    /// <summary>A subscription whose (empty) backlog has been read: what comes next is pushed live.</summary>
    private async Task<AsyncServerStreamingCall<InboxEvent>> SubscribeAsync(TestServer server, long includeContentMaxBytes)
    {
        var inbox = Subscribe(server, includeContentMaxBytes);
        await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, Ct);
        return inbox;
    }

    private async Task<Delivery> NextDeliveryAsync(AsyncServerStreamingCall<InboxEvent> inbox)
    {
        Assert.True(await inbox.ResponseStream.MoveNext(Ct));
        return inbox.ResponseStream.Current.Delivery;
    }

    private static Task<SendResponse> SendWithAnnexAsync(TestServer server, string messageId, byte[] pdf, byte[] annex)
    {
        var header = Exchanges.Header(messageId, TestServer.H41, pdf);
        header.Parts.Add(new PartInfo { PartId = "phu-luc", Kind = PartKind.Attachment, FileName = "phuluc.bin", ContentType = "application/octet-stream", Size = annex.Length });
        return Exchanges.SendPartsAsync(server.Agency(TestServer.G22), header, ("main", pdf), ("phu-luc", annex));
    }

    /// <summary>The server's log lines of level Error, read once it has stopped (which flushes its log file).</summary>
    private static async Task<List<JsonElement>> ErrorLinesAfterStopAsync(TestServer server)
    {
        await server.Server.DisposeAsync();
        var file = Directory.GetFiles(Path.Combine(server.DataDirectory, "logs"), "docexchange-*.log").Single();
        return (await File.ReadAllLinesAsync(file))
            .Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .Where(l => l.TryGetProperty("Level", out var level) && level.GetString() == "Error")
            .ToList();
    }

    /// <summary>Flips a byte of a stored content where the server keeps it: its blob file, or its part_contents row on SQLite.</summary>
    private async Task AlterStoredContentAsync(TestServer server, byte[] sha256)
    {
        var hex = Convert.ToHexStringLower(sha256);
        var blobs = _deployment.SharedBlobDirectory ?? Path.Combine(server.DataDirectory, "blobs");
        if (Directory.GetFiles(blobs, hex, SearchOption.AllDirectories).SingleOrDefault() is { } file)
        {
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.SetAttributes(file, FileAttributes.Normal);
            await File.WriteAllBytesAsync(file, bytes, Ct);
            return;
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "docexchange.db")};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE part_contents SET content = @content WHERE sha256 = @sha256";
        var stored = (await StoredContents()).Single(c => c.Name == hex).Bytes;
        stored[stored.Length / 2] ^= 0xFF;
        command.Parameters.AddWithValue("@content", stored);
        command.Parameters.AddWithValue("@sha256", hex);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));

        Task<List<(string Name, byte[] Bytes)>> StoredContents() => DocExchange.Testing.Storage.StoredContents.ReadAsync(server.DataDirectory);
    }
}

public sealed class SqlitePushedContentTests() : PushedContentTests(() => Task.FromResult(ServerDeployment.Sqlite()));

/// <summary>The same on PostgreSQL, where small parts are blob files by default.</summary>
public sealed class PostgresPushedContentTests() : PushedContentTests(ServerDeployment.PostgresAsync);
