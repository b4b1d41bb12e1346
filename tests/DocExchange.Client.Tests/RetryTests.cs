using DocExchange.Client.Tests.Infrastructure;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

public sealed class RetryTests : ServerTest
{
    [Fact]
    public async Task Sending_the_same_message_id_twice_stores_one_document_and_answers_the_repeat_as_a_duplicate()
    {
        var sender = Server.Agency(LoopbackServer.G22);

        var first = await sender.SendAsync(Document("201").WithMessageId("qlvb-2024-000201"), cancellationToken: Timeout);
        var second = await sender.SendAsync(Document("201").WithMessageId("qlvb-2024-000201"), cancellationToken: Timeout);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.DocumentId, second.DocumentId);
        Assert.Single((await sender.ListSentAsync(cancellationToken: Timeout)).Documents);
    }

    [Fact]
    public async Task Sending_the_same_builder_again_reuses_its_generated_message_id()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var document = Document("202").Attach(TestContent.Random(100_000, seed: 21), "phu-luc.bin");

        var first = await sender.SendAsync(document, cancellationToken: Timeout);
        var again = await sender.SendAsync(document, cancellationToken: Timeout);

        Assert.True(again.Duplicate);
        Assert.Equal(first.DocumentId, again.DocumentId);
        Assert.Single((await sender.ListSentAsync(cancellationToken: Timeout)).Documents);
    }

    [Fact]
    public async Task A_repeated_send_is_answered_as_a_duplicate_without_uploading_the_content_again()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var content = TestContent.LargePdf(8 * 1024 * 1024, seed: 24);
        var document = Document("207", content);
        var repeatProgress = new List<TransferProgress>();

        var first = await sender.SendAsync(document, cancellationToken: Timeout);
        var repeat = await sender.SendAsync(document, new ListProgress(repeatProgress), Timeout);

        Assert.True(repeat.Duplicate);
        Assert.Equal(first.DocumentId, repeat.DocumentId);
        // The server answers after the header; the client stops when the answer comes, long before the end.
        Assert.True(repeatProgress.Count == 0 || repeatProgress[^1].BytesTransferred < content.Length);
    }

    [Fact]
    public async Task A_send_cut_by_a_dropped_connection_is_retried_and_stores_one_document()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var sender = Server.Agency(LoopbackServer.G22, o => o.Retry.OnRetry = retries.Add, relay.TlsAddress);
        var cut = new DropOnFirstReport(relay);

        var sent = await sender.SendAsync(Document("203", TestContent.LargePdf(1_000_000, seed: 22)), cut, Timeout);

        Assert.False(sent.Duplicate);
        var retry = Assert.Single(retries);
        Assert.Equal(("Send", GrpcStatusCode.Unavailable), (retry.Operation, retry.StatusCode));
        Assert.True(relay.AcceptedConnections >= 2);
        var listed = Assert.Single((await Server.Agency(LoopbackServer.G22).ListSentAsync(cancellationToken: Timeout)).Documents);
        Assert.Equal(sent.DocumentId, listed.DocumentId);
    }

    [Fact]
    public async Task A_send_from_a_stream_that_cannot_seek_is_not_retried_once_it_has_been_read()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var retries = new List<RetryAttempt>();
        var sender = Server.Agency(LoopbackServer.G22, o => o.Retry.OnRetry = retries.Add, relay.TlsAddress);
        var content = TestContent.LargePdf(1_000_000, seed: 23);
        var document = Document("204", []).MainDocument(new NonSeekableStream(content), "congvan.pdf", content.Length);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendAsync(document, new DropOnFirstReport(relay), Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Empty(retries);
        Assert.Empty((await Server.Agency(LoopbackServer.G22).ListSentAsync(cancellationToken: Timeout)).Documents);
    }

    [Fact]
    public async Task A_send_made_while_the_server_is_down_is_retried_until_it_is_back_and_stores_one_document()
    {
        var firstRetry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = Server.Agency(LoopbackServer.G22, o =>
        {
            o.Retry.MaxAttempts = 100;
            o.Retry.OnRetry = _ => firstRetry.TrySetResult();
        });
        await Server.StopAsync();

        var sending = sender.SendAsync(Document("205"), cancellationToken: Timeout);
        await firstRetry.Task.WaitAsync(Timeout);
        await Server.StartAgainAsync();
        var sent = await sending;

        Assert.False(sent.Duplicate);
        var listed = Assert.Single((await sender.ListSentAsync(cancellationToken: Timeout)).Documents);
        Assert.Equal(sent.DocumentId, listed.DocumentId);
    }

    [Fact]
    public async Task An_unreachable_server_fails_as_unavailable_after_the_configured_attempts()
    {
        var retries = new List<RetryAttempt>();
        var client = Server.Agency(LoopbackServer.G22, o =>
        {
            o.Retry.MaxAttempts = 3;
            o.Retry.OnRetry = retries.Add;
        });
        await Server.StopAsync();

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => client.GetAgencyAsync(LoopbackServer.H41, Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal([1, 2], retries.Select(r => r.Attempt));
        Assert.All(retries, r => Assert.Equal("GetAgency", r.Operation));
    }

    [Fact]
    public async Task A_refusal_by_the_server_is_not_retried()
    {
        var retries = new List<RetryAttempt>();
        var sender = Server.Agency(LoopbackServer.G22, o => o.Retry.OnRetry = retries.Add);
        var toUnknown = new OutgoingDocumentBuilder()
            .Metadata(m => m.To("000.00.00.H30").Code("206", "VPCP-TTĐT").Subject("Gửi tỉnh chưa đăng ký"))
            .MainDocument(TestContent.Pdf("206"), "congvan.pdf");

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendAsync(toUnknown, cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        Assert.Contains("000.00.00.H30", error.Detail);
        Assert.Equal("Send", error.Operation);
        Assert.False(error.IsTransient);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task An_expired_deadline_is_retried_for_reads_but_not_for_writes()
    {
        var retries = new List<RetryAttempt>();
        var client = Server.Agency(LoopbackServer.H41, o =>
        {
            o.Timeout = TimeSpan.FromTicks(1);
            o.Retry.MaxAttempts = 3;
            o.Retry.OnRetry = retries.Add;
        });

        var read = await Assert.ThrowsAsync<DocExchangeException>(() => client.GetAgencyAsync(LoopbackServer.G22, Timeout));
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, read.StatusCode);
        Assert.Equal(2, retries.Count);

        retries.Clear();
        var write = await Assert.ThrowsAsync<DocExchangeException>(() => client.AcknowledgeAsync("000.00.00.G22,2024/01/01,1/VPCP", cancellationToken: Timeout));
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, write.StatusCode);
        Assert.Empty(retries);
    }

    private sealed class ListProgress(List<TransferProgress> reports) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value) => reports.Add(value);
    }

    /// <summary>Cuts the connection as soon as the first chunk has been written.</summary>
    private sealed class DropOnFirstReport(TcpRelay relay) : IProgress<TransferProgress>
    {
        private int _reports;

        public void Report(TransferProgress value)
        {
            if (Interlocked.Increment(ref _reports) == 1)
            {
                relay.DropConnections();
            }
        }
    }
}
