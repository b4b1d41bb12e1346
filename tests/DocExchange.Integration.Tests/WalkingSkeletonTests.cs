using System.Security.Cryptography;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>Two agencies exchange a document end to end over real Kestrel and mutual TLS.</summary>
public abstract class WalkingSkeletonTests(Func<Task<ServerDeployment>> deploy) : IAsyncLifetime
{
    private ServerDeployment _deployment = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _deployment = await deploy();
        _server = await _deployment.StartInstanceAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _deployment.DisposeAsync();

    [Fact]
    public async Task A_document_sent_by_one_agency_is_pushed_to_the_other_fetched_intact_and_its_statuses_reach_the_sender()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ct = timeout.Token;
        var sender = _server.Agency(TestServer.G22);
        var recipient = _server.Agency(TestServer.H41);
        var pdf = SamplePdf.Create("Cong van so 7816/VPCP-TTDT");

        // The recipient is subscribed before the send, so the delivery must be pushed live.
        using var inbox = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct));
        var backlog = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
        Assert.Single(backlog);

        var sent = await Exchanges.SendAsync(sender, Exchanges.Header("msg-1", TestServer.H41, pdf), pdf);
        Assert.StartsWith(TestServer.G22 + ",", sent.DocumentId);
        Assert.EndsWith(",7816/VPCP-TTĐT", sent.DocumentId);
        Assert.Equal([TestServer.H41], sent.Recipients);
        Assert.Equal(SHA256.HashData(pdf), sent.Parts.Single().Sha256.ToByteArray());

        Assert.True(await inbox.ResponseStream.MoveNext(ct));
        var delivery = inbox.ResponseStream.Current.Delivery;
        Assert.Equal(sent.DocumentId, delivery.DocumentId);
        Assert.Equal(DeliveryKind.Document, delivery.Kind);
        Assert.True(delivery.Pending);
        Assert.Equal(TestServer.G22, delivery.Header.From.OrganId);
        Assert.Equal("Về việc triển khai trục liên thông văn bản", delivery.Header.Subject);

        using var fetch = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = sent.DocumentId }, new(cancellationToken: ct));
        var fetched = new MemoryStream();
        byte[]? announcedHash = null;
        while (await fetch.ResponseStream.MoveNext(ct))
        {
            var message = fetch.ResponseStream.Current;
            if (message.ResponseCase == FetchResponse.ResponseOneofCase.Chunk)
            {
                fetched.Write(message.Chunk.Data.Span);
            }
            else if (message.ResponseCase == FetchResponse.ResponseOneofCase.PartEnd)
            {
                announcedHash = message.PartEnd.Sha256.ToByteArray();
            }
        }

        Assert.Equal(pdf, fetched.ToArray());
        Assert.Equal(SHA256.HashData(pdf), announcedHash);

        using var watch = sender.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.WatchStatuses, new WatchStatusesRequest(), new(cancellationToken: ct));
        await recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = sent.DocumentId, StatusCode = ProcessingStatusCode.Arrived });
        await recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = sent.DocumentId, StatusCode = ProcessingStatusCode.Accepted, Description = "Đã vào sổ" });

        var seen = await Exchanges.ReadUntilAsync(watch.ResponseStream,
            e => e.EventCase == StatusEvent.EventOneofCase.Status && e.Status.StatusCode == ProcessingStatusCode.Accepted, ct);
        var statuses = seen.Where(e => e.EventCase == StatusEvent.EventOneofCase.Status).Select(e => e.Status).ToList();
        Assert.Equal([ProcessingStatusCode.Arrived, ProcessingStatusCode.Accepted], statuses.Select(s => s.StatusCode));
        Assert.All(statuses, s => Assert.Equal(sent.DocumentId, s.DocumentId));
        Assert.All(statuses, s => Assert.Equal(TestServer.H41, s.From.OrganId));
        Assert.Equal("Đã vào sổ", statuses[1].Description);
    }

    [Fact]
    public async Task After_a_dropped_subscription_only_the_unacknowledged_delivery_is_pushed_again()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ct = timeout.Token;
        var pdf = SamplePdf.Create("ack");
        var recipient = _server.Agency(TestServer.H41);
        var first = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("msg-a", TestServer.H41, pdf, "1"), pdf);
        var second = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("msg-b", TestServer.H41, pdf, "2"), pdf);

        long cursor;
        using (var inbox = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new(cancellationToken: ct)))
        {
            var seen = await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);
            Assert.Equal([first.DocumentId, second.DocumentId], seen.Where(e => e.Delivery is not null).Select(e => e.Delivery.DocumentId));
            cursor = seen[^1].Cursor;
        }

        // Only the first is acknowledged (01) before the subscription is resumed after everything it saw.
        await recipient.UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = first.DocumentId, StatusCode = ProcessingStatusCode.Arrived });
        using var resumed = recipient.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest { AfterCursor = cursor }, new(cancellationToken: ct));
        var again = await Exchanges.ReadUntilAsync(resumed.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, ct);

        var redelivered = again.Where(e => e.Delivery is not null).Select(e => e.Delivery).ToList();
        Assert.Equal([second.DocumentId], redelivered.Select(d => d.DocumentId));
        Assert.True(redelivered[0].Pending);
    }
}

public sealed class SqliteWalkingSkeletonTests() : WalkingSkeletonTests(() => Task.FromResult(ServerDeployment.Sqlite()));

/// <summary>The same exchange through one server instance on PostgreSQL (LISTEN/NOTIFY wakes the streams).</summary>
public sealed class PostgresWalkingSkeletonTests() : WalkingSkeletonTests(ServerDeployment.PostgresAsync);
