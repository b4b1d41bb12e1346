using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

public sealed class StatusTests : ServerTest
{
    [Fact]
    public async Task Statuses_posted_by_the_recipient_reach_the_senders_watch_and_its_history()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var recipient = Server.Agency(LoopbackServer.H41);
        var sent = await sender.SendAsync(Document("401"), cancellationToken: Timeout);

        await using var watch = sender.WatchStatusesAsync(documentId: sent.DocumentId, cancellationToken: Timeout).GetAsyncEnumerator(Timeout);
        await recipient.AcknowledgeAsync(sent.DocumentId, cancellationToken: Timeout);
        var accepted = await recipient.PostStatusAsync(
            sent.DocumentId, ProcessingStatusCode.Accepted, "Đã vào sổ văn bản đến",
            new StaffInfo { Department = "Văn thư", Staff = "Trần Thị B" }, cancellationToken: Timeout);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(ProcessingStatusCode.Arrived, watch.Current.StatusCode);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(ProcessingStatusCode.Accepted, watch.Current.StatusCode);
        Assert.Equal(accepted.Sequence, watch.Current.Sequence);
        Assert.Equal(LoopbackServer.H41, watch.Current.From.OrganId);
        Assert.Equal("Trần Thị B", watch.Current.StaffInfo.Staff);

        var history = await sender.GetStatusHistoryAsync(sent.DocumentId, LoopbackServer.H41, Timeout);
        Assert.Equal([ProcessingStatusCode.Arrived, ProcessingStatusCode.Accepted], history.Select(s => s.StatusCode));
        Assert.Equal("Đã vào sổ văn bản đến", history[1].Description);
    }

    [Fact]
    public async Task A_repeated_status_with_the_same_message_id_is_recorded_once()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("402"), cancellationToken: Timeout);
        var recipient = Server.Agency(LoopbackServer.H41);

        var first = await recipient.PostStatusAsync(sent.DocumentId, ProcessingStatusCode.Arrived, messageId: "status-402-01", cancellationToken: Timeout);
        var repeat = await recipient.PostStatusAsync(sent.DocumentId, ProcessingStatusCode.Arrived, messageId: "status-402-01", cancellationToken: Timeout);

        Assert.Equal(first.Sequence, repeat.Sequence);
        Assert.Single(await recipient.GetStatusHistoryAsync(sent.DocumentId, cancellationToken: Timeout));
    }

    [Fact]
    public async Task A_rejection_without_a_reason_is_refused_by_the_server_with_its_explanation()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("403"), cancellationToken: Timeout);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            Server.Agency(LoopbackServer.H41).PostStatusAsync(sent.DocumentId, ProcessingStatusCode.Rejected, cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("PostStatus", error.Operation);
        Assert.StartsWith("PostStatus failed (INVALID_ARGUMENT): ", error.Message);
        Assert.Contains("reason", error.Detail);
    }

    [Fact]
    public async Task The_status_watch_resumes_after_a_dropped_connection_without_repeating_a_status()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var sender = Server.Agency(LoopbackServer.G22, address: relay.TlsAddress);
        var recipient = Server.Agency(LoopbackServer.H41);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("404"), cancellationToken: Timeout);
        await recipient.AcknowledgeAsync(sent.DocumentId, cancellationToken: Timeout);

        await using var watch = sender.WatchStatusesAsync(cancellationToken: Timeout).GetAsyncEnumerator(Timeout);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(ProcessingStatusCode.Arrived, watch.Current.StatusCode);
        relay.DropConnections();
        await recipient.PostStatusAsync(sent.DocumentId, ProcessingStatusCode.Accepted, cancellationToken: Timeout);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(ProcessingStatusCode.Accepted, watch.Current.StatusCode);
        Assert.True(relay.AcceptedConnections >= 2);
    }

    [Fact]
    public async Task Cancelling_ends_a_waiting_status_watch()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var sender = Server.Agency(LoopbackServer.G22);
        var sent = await sender.SendAsync(Document("405"), cancellationToken: Timeout);
        await Server.Agency(LoopbackServer.H41).AcknowledgeAsync(sent.DocumentId, cancellationToken: Timeout);

        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in sender.WatchStatusesAsync(cancellationToken: cancel.Token))
            {
                seen.TrySetResult();
            }
        });
        await seen.Task.WaitAsync(Timeout);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_recall_asks_each_recipient_through_its_inbox()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var sent = await sender.SendAsync(Document("406"), cancellationToken: Timeout);

        var requests = await sender.RecallAsync(sent.DocumentId, "Sai sót nội dung", cancellationToken: Timeout);

        var request = Assert.Single(requests);
        Assert.Equal(ProcessingStatusCode.RecallRequested, request.StatusCode);
        Assert.Equal(LoopbackServer.H41, request.Recipient);
        await using var inbox = Server.Agency(LoopbackServer.H41).SubscribeInboxAsync(cancellationToken: Timeout).GetAsyncEnumerator(Timeout);
        var kinds = new List<DeliveryKind>();
        while (kinds.Count < 2 && await inbox.MoveNextAsync())
        {
            kinds.Add(inbox.Current.Kind);
        }

        Assert.Equal([DeliveryKind.Document, DeliveryKind.RecallRequest], kinds);
        Assert.Equal("Sai sót nội dung", inbox.Current.Delivery.Reason);
    }

    [Fact]
    public async Task Changing_recipients_reports_the_servers_refusal_with_its_status_and_message()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var sent = await sender.SendAsync(Document("407"), cancellationToken: Timeout);

        var unknown = await Assert.ThrowsAsync<DocExchangeException>(() =>
            sender.UpdateRecipientsAsync(sent.DocumentId, add: ["000.00.00.H30"], remove: null, reason: "Bổ sung nơi nhận", Timeout));
        var lastOne = await Assert.ThrowsAsync<DocExchangeException>(() =>
            sender.UpdateRecipientsAsync(sent.DocumentId, add: null, remove: [LoopbackServer.H41], reason: "Gửi nhầm", Timeout));

        Assert.Equal(GrpcStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("000.00.00.H30 is not registered", unknown.Detail);
        Assert.Equal(GrpcStatusCode.FailedPrecondition, lastOne.StatusCode);
        Assert.Contains("without recipients", lastOne.Detail);
    }
}
