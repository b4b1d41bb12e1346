using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;

namespace DocExchange.Client.Tests;

public sealed class InboxTests : ServerTest
{
    [Fact]
    public async Task The_inbox_yields_the_backlog_then_each_new_delivery_and_says_when_it_is_live()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var before = await sender.SendAsync(Document("301"), cancellationToken: Timeout);
        var caughtUp = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new InboxSubscriptionOptions { CaughtUp = cursor => caughtUp.TrySetResult(cursor) };

        await using var inbox = Server.Agency(LoopbackServer.H41).SubscribeInboxAsync(options, Timeout).GetAsyncEnumerator(Timeout);
        Assert.True(await inbox.MoveNextAsync());
        Assert.Equal(before.DocumentId, inbox.Current.DocumentId);
        Assert.Equal(DeliveryKind.Document, inbox.Current.Kind);
        Assert.True(inbox.Current.Pending);
        Assert.Equal(LoopbackServer.G22, inbox.Current.Header.From.OrganId);

        var backlogCursor = inbox.Current.Cursor;
        var next = inbox.MoveNextAsync().AsTask();
        var liveAt = await caughtUp.Task.WaitAsync(Timeout);
        var after = await sender.SendAsync(Document("302"), cancellationToken: Timeout);
        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal(after.DocumentId, inbox.Current.DocumentId);
        Assert.Equal(backlogCursor, liveAt);
        Assert.True(inbox.Current.Cursor > liveAt);
    }

    [Fact]
    public async Task An_acknowledged_delivery_is_not_delivered_again_but_an_unacknowledged_one_is()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var recipient = Server.Agency(LoopbackServer.H41);
        var acknowledged = await sender.SendAsync(Document("303"), cancellationToken: Timeout);
        var unacknowledged = await sender.SendAsync(Document("304"), cancellationToken: Timeout);

        var first = await ReadBacklogAsync(recipient, new InboxSubscriptionOptions());
        var status = await recipient.AcknowledgeAsync(acknowledged.DocumentId, cancellationToken: Timeout);
        var second = await ReadBacklogAsync(recipient, new InboxSubscriptionOptions { AfterCursor = first[^1].Cursor });

        Assert.Equal([acknowledged.DocumentId, unacknowledged.DocumentId], first.Select(d => d.DocumentId));
        Assert.Equal(ProcessingStatusCode.Arrived, status.StatusCode);
        Assert.Equal([unacknowledged.DocumentId], second.Select(d => d.DocumentId));
    }

    [Fact]
    public async Task After_the_server_restarts_the_subscription_resumes_and_yields_the_new_delivery_without_repeating_the_old()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var old = await sender.SendAsync(Document("305"), cancellationToken: Timeout);
        var reconnecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recipient = Server.Agency(LoopbackServer.H41, o =>
        {
            o.Retry.MaxStreamReconnectAttempts = null;
            o.Retry.OnRetry = a => reconnecting.TrySetResult();
        });

        await using var inbox = recipient.SubscribeInboxAsync(cancellationToken: Timeout).GetAsyncEnumerator(Timeout);
        Assert.True(await inbox.MoveNextAsync());
        Assert.Equal(old.DocumentId, inbox.Current.DocumentId);
        Assert.True(inbox.Current.Pending);

        var next = inbox.MoveNextAsync().AsTask();
        await Server.StopAsync();
        await reconnecting.Task.WaitAsync(Timeout);
        await Server.StartAgainAsync();
        var fresh = await sender.SendAsync(Document("306"), cancellationToken: Timeout);

        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal(fresh.DocumentId, inbox.Current.DocumentId);
    }

    [Fact]
    public async Task After_a_dropped_connection_an_unacknowledged_delivery_is_yielded_again_only_when_asked()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("307"), cancellationToken: Timeout);
        var recipient = Server.Agency(LoopbackServer.H41, address: relay.TlsAddress);

        await using var inbox = recipient.SubscribeInboxAsync(new InboxSubscriptionOptions { YieldRedeliveries = true }, Timeout).GetAsyncEnumerator(Timeout);
        Assert.True(await inbox.MoveNextAsync());
        var firstCursor = inbox.Current.Cursor;
        relay.DropConnections();

        Assert.True(await inbox.MoveNextAsync());
        Assert.Equal(sent.DocumentId, inbox.Current.DocumentId);
        Assert.Equal(firstCursor, inbox.Current.Cursor);
        Assert.Equal(2, relay.AcceptedConnections);
    }

    [Fact]
    public async Task After_a_dropped_connection_the_subscription_continues_with_the_next_delivery()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var sender = Server.Agency(LoopbackServer.G22);
        var old = await sender.SendAsync(Document("308"), cancellationToken: Timeout);
        var caughtUp = new SemaphoreSlim(0);
        var recipient = Server.Agency(LoopbackServer.H41, address: relay.TlsAddress);

        await using var inbox = recipient.SubscribeInboxAsync(new InboxSubscriptionOptions { CaughtUp = _ => caughtUp.Release() }, Timeout).GetAsyncEnumerator(Timeout);
        Assert.True(await inbox.MoveNextAsync());
        Assert.Equal(old.DocumentId, inbox.Current.DocumentId);
        var next = inbox.MoveNextAsync().AsTask();
        await caughtUp.WaitAsync(Timeout);
        relay.DropConnections();
        // The second "caught up" comes after the server has sent the old delivery again on the new connection.
        await caughtUp.WaitAsync(Timeout);
        var fresh = await sender.SendAsync(Document("309"), cancellationToken: Timeout);

        Assert.True(await next.WaitAsync(Timeout));
        Assert.Equal(fresh.DocumentId, inbox.Current.DocumentId);
    }

    [Fact]
    public async Task Cancelling_ends_a_waiting_subscription()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recipient = Server.Agency(LoopbackServer.H41);

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in recipient.SubscribeInboxAsync(new InboxSubscriptionOptions { CaughtUp = _ => caughtUp.TrySetResult() }, cancel.Token))
            {
            }
        });
        await caughtUp.Task.WaitAsync(Timeout);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Cancelling_ends_a_subscription_waiting_to_reconnect()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recipient = Server.Agency(LoopbackServer.H41, o =>
        {
            o.Retry.InitialBackoff = TimeSpan.FromMinutes(5);
            o.Retry.MaxBackoff = TimeSpan.FromMinutes(5);
            o.Retry.OnRetry = _ => waiting.TrySetResult();
        });
        await Server.StopAsync();

        var reading = Task.Run(async () =>
        {
            await foreach (var _ in recipient.SubscribeInboxAsync(cancellationToken: cancel.Token))
            {
            }
        });
        await waiting.Task.WaitAsync(Timeout);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_caller_that_is_not_an_agency_is_refused_without_reconnecting()
    {
        var retries = new List<RetryAttempt>();
        var options = Server.OptionsFor("auditor.pfx");
        options.Retry.OnRetry = retries.Add;
        await using var auditor = new DocExchangeClient(options);

        var error = await Assert.ThrowsAsync<DocExchangeException>(async () =>
        {
            await foreach (var delivery in auditor.SubscribeInboxAsync(cancellationToken: Timeout))
            {
            }
        });

        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, error.StatusCode);
        Assert.Empty(retries);
    }

    private async Task<List<InboxDelivery>> ReadBacklogAsync(DocExchangeClient client, InboxSubscriptionOptions options)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        options.CaughtUp = _ => stop.Cancel();
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
}
