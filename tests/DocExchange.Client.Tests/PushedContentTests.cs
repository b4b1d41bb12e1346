using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DocExchange.Client.Tests;

/// <summary>
/// InboxSubscriptionOptions.IncludeContentMaxBytes: a small document's content comes with its delivery, is checked
/// against each part's size and SHA-256, and fetching the delivery then makes no Fetch call.
/// </summary>
public sealed class PushedContentTests : ServerTest
{
    private readonly FetchCounter _fetches = new();

    [Fact]
    public async Task A_delivery_with_its_content_is_written_to_a_folder_without_a_Fetch_call()
    {
        var pdf = TestContent.Pdf("Cong van 401");
        var annex = TestContent.Random(10_000, seed: 401);
        await Server.Agency(LoopbackServer.G22).SendAsync(
            Document("401", pdf).Attach(annex, "bang-ke.csv").Attach(Array.Empty<byte>(), "trong.txt"), cancellationToken: Timeout);
        var recipient = Recipient();

        var delivery = Assert.Single(await ReadBacklogAsync(recipient, 256 * 1024));
        var folder = Temp.File("inbox");
        var fetched = await recipient.FetchAllAsync(delivery, folder, cancellationToken: Timeout);

        Assert.True(delivery.HasContent);
        Assert.Equal(pdf, delivery.GetContent().ToArray());
        Assert.Equal(annex, delivery.GetContent("att-1").ToArray());
        Assert.Equal(pdf, File.ReadAllBytes(Path.Combine(folder, "congvan-401.pdf")));
        Assert.Equal(annex, File.ReadAllBytes(Path.Combine(folder, "bang-ke.csv")));
        Assert.Empty(File.ReadAllBytes(Path.Combine(folder, "trong.txt")));
        Assert.Equal(Path.Combine(folder, "bang-ke.csv"), fetched.Files["att-1"]);
        Assert.Equal(delivery.Delivery.Parts, fetched.Header.Parts);
        Assert.Equal(0, _fetches.Count);
    }

    [Fact]
    public async Task A_delivery_with_its_content_is_written_to_a_stream_without_a_Fetch_call()
    {
        var pdf = TestContent.Pdf("Cong van 402");
        await Server.Agency(LoopbackServer.G22).SendAsync(Document("402", pdf), cancellationToken: Timeout);
        var recipient = Recipient();

        var delivery = Assert.Single(await ReadBacklogAsync(recipient, 256 * 1024));
        using var destination = new MemoryStream();
        var header = await recipient.FetchAsync(delivery, destination, cancellationToken: Timeout);

        Assert.Equal(pdf, destination.ToArray());
        Assert.Equal(OutgoingDocumentBuilder.MainPartId, header.Parts.Single().PartId);
        Assert.Equal(0, _fetches.Count);
    }

    [Fact]
    public async Task A_delivery_without_content_is_fetched()
    {
        var pdf = TestContent.Pdf("Cong van 403");
        await Server.Agency(LoopbackServer.G22).SendAsync(Document("403", pdf), cancellationToken: Timeout);
        var recipient = Recipient();

        var delivery = Assert.Single(await ReadBacklogAsync(recipient, 0));
        var folder = Temp.File("inbox");
        await recipient.FetchAllAsync(delivery, folder, cancellationToken: Timeout);

        Assert.False(delivery.HasContent);
        Assert.Throws<InvalidOperationException>(() => delivery.GetContent());
        Assert.Equal(pdf, File.ReadAllBytes(Path.Combine(folder, "congvan-403.pdf")));
        Assert.Equal(1, _fetches.Count);
    }

    [Fact]
    public async Task A_document_over_the_subscribers_limit_comes_without_content_and_is_fetched()
    {
        var pdf = TestContent.Pdf("Cong van 404");
        await Server.Agency(LoopbackServer.G22).SendAsync(Document("404", pdf), cancellationToken: Timeout);
        var recipient = Recipient();

        var delivery = Assert.Single(await ReadBacklogAsync(recipient, pdf.Length - 1));
        using var destination = new MemoryStream();
        await recipient.FetchAsync(delivery, destination, cancellationToken: Timeout);

        Assert.False(delivery.HasContent);
        Assert.Equal(pdf, destination.ToArray());
        Assert.Equal(1, _fetches.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pushed_content_that_does_not_match_its_part_is_refused_as_data_loss_and_leaves_no_folder(bool truncated)
    {
        var pdf = TestContent.Pdf("Cong van 405");
        await Server.Agency(LoopbackServer.G22).SendAsync(Document("405", pdf), cancellationToken: Timeout);
        var recipient = Recipient();
        var received = Assert.Single(await ReadBacklogAsync(recipient, 256 * 1024));

        // The delivery as a faulty or hostile server could have sent it.
        var altered = received.Delivery.Clone();
        var bytes = altered.Contents[0].Data.ToByteArray();
        if (truncated) bytes = bytes[..^1];
        else bytes[bytes.Length / 2] ^= 0xFF;
        altered.Contents[0].Data = ByteString.CopyFrom(bytes);
        var delivery = new InboxDelivery(received.Cursor, altered);
        var folder = Temp.File("inbox");

        var read = Assert.Throws<DocExchangeException>(() => delivery.GetContent());
        var written = await Assert.ThrowsAsync<DocExchangeException>(() => recipient.FetchAllAsync(delivery, folder, cancellationToken: Timeout));

        Assert.Equal(StatusCode.DataLoss, read.StatusCode);
        Assert.Equal(StatusCode.DataLoss, written.StatusCode);
        Assert.Contains(truncated ? $"has {pdf.Length - 1} bytes, but {pdf.Length} were announced" : "but the delivery lists", read.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
        Assert.Equal(0, _fetches.Count);
    }

    [Theory]
    [InlineData("../../escaped.pdf")]
    [InlineData("/tmp/escaped.pdf")]
    [InlineData("..\\..\\escaped.pdf")]
    [InlineData("..")]
    public async Task Pushed_parts_with_hostile_file_names_are_written_inside_the_folder(string hostileName)
    {
        var pdf = TestContent.Pdf("Cong van 406");
        await Server.Agency(LoopbackServer.G22).SendAsync(Document("406", pdf), cancellationToken: Timeout);
        var recipient = Recipient();
        var received = Assert.Single(await ReadBacklogAsync(recipient, 256 * 1024));

        // The file name as a hostile sender or server could have set it: only the folder given may be written.
        var altered = received.Delivery.Clone();
        altered.Parts[0].FileName = hostileName;
        var delivery = new InboxDelivery(received.Cursor, altered);
        var parent = Directory.CreateDirectory(Temp.File("fetch-root")).FullName;
        var folder = Path.Combine(parent, "inbox");

        var fetched = await recipient.FetchAllAsync(delivery, folder, cancellationToken: Timeout);

        var written = Assert.Single(fetched.Files).Value;
        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(Path.GetFullPath(written)));
        Assert.Equal(pdf, File.ReadAllBytes(written));
        Assert.Equal([Path.GetFullPath(folder)], Directory.GetFileSystemEntries(parent).Select(Path.GetFullPath));
        Assert.False(File.Exists("/tmp/escaped.pdf"));
        Assert.Equal(0, _fetches.Count);
    }

    [Fact]
    public async Task A_negative_content_limit_is_refused_before_any_call()
    {
        var options = new InboxSubscriptionOptions { IncludeContentMaxBytes = -1 };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var _ in Recipient().SubscribeInboxAsync(options, Timeout))
            {
            }
        });
    }

    private DocExchangeClient Recipient() => Server.Agency(LoopbackServer.H41, o => o.Interceptors.Add(_fetches));

    private async Task<List<InboxDelivery>> ReadBacklogAsync(DocExchangeClient client, long includeContentMaxBytes)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var options = new InboxSubscriptionOptions { IncludeContentMaxBytes = includeContentMaxBytes, CaughtUp = _ => stop.Cancel() };
        var read = new List<InboxDelivery>();
        try
        {
            await foreach (var delivery in client.SubscribeInboxAsync(options, stop.Token))
            {
                read.Add(delivery);
            }
        }
        catch (OperationCanceledException) when (!Timeout.IsCancellationRequested)
        {
        }

        return read;
    }

    /// <summary>Counts the Fetch calls a client starts.</summary>
    private sealed class FetchCounter : Interceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
        {
            if (context.Method.FullName == Exchange.Methods.Fetch.FullName)
            {
                Interlocked.Increment(ref _count);
            }

            return continuation(request, context);
        }
    }
}
