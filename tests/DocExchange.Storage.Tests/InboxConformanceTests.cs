using DocExchange.Core.Delivery;
using DocExchange.Core.Statuses;

namespace DocExchange.Storage.Tests;

public abstract partial class ExchangeConformanceTests
{
    [Fact]
    public async Task An_unacknowledged_delivery_is_delivered_again_after_a_dropped_subscription()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);
        long cursor;
        using (var cancel = Timeout())
        await using (var inbox = Service.SubscribeInboxAsync(Finance, 0, cancel.Token).GetAsyncEnumerator())
        {
            var first = Assert.Single(await ReadUntilCaughtUpAsync(inbox));
            cursor = first.Cursor;
        }

        // The client saw the delivery (and resumes after its cursor) but never acknowledged it.
        var again = Assert.Single(await BacklogAsync(Finance, cursor));

        Assert.Equal(result.DocumentId, again.Document.Id);
        Assert.Equal(cursor, again.Cursor);
        Assert.True(again.Pending);
        Assert.Equal(DeliveryKind.Document, again.Kind);
    }

    [Fact]
    public async Task Acknowledging_with_01_stops_redelivery()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance, Tax]);
        var cursor = Assert.Single(await BacklogAsync(Finance, 0)).Cursor;

        await PostAsync(Finance, result, StatusCode.Arrived);

        Assert.Empty(await BacklogAsync(Finance, cursor));
        var stillPendingForTax = Assert.Single(await BacklogAsync(Tax, long.MaxValue - 1));
        Assert.True(stillPendingForTax.Pending);
    }

    [Fact]
    public async Task A_subscription_resumes_after_its_cursor_with_pending_deliveries_first()
    {
        var (d1, _, _) = await SendAsync("m-1", [Finance], number: "1");
        var (d2, _, _) = await SendAsync("m-2", [Finance], number: "2");
        var (d3, _, _) = await SendAsync("m-3", [Finance], number: "3");
        var all = await BacklogAsync(Finance, 0);
        await PostAsync(Finance, d1, StatusCode.Arrived);
        await PostAsync(Finance, d3, StatusCode.Arrived);

        var resumed = await BacklogAsync(Finance, all[2].Cursor - 1);

        // d2 is pending though before the cursor, so it comes first; d3 follows the cursor though acknowledged.
        Assert.Equal([d2.DocumentId, d3.DocumentId], resumed.Select(d => d.Document.Id));
        Assert.Equal([true, false], resumed.Select(d => d.Pending));
        Assert.Equal([d2.DocumentId], (await BacklogAsync(Finance, all[2].Cursor)).Select(d => d.Document.Id));
        Assert.Equal([d1.DocumentId, d2.DocumentId, d3.DocumentId], all.Select(d => d.Document.Id));
        Assert.True(all[0].Cursor < all[1].Cursor && all[1].Cursor < all[2].Cursor);
    }

    [Fact]
    public async Task A_new_send_is_pushed_to_an_active_subscription()
    {
        using var cancel = Timeout();
        await using var inbox = Service.SubscribeInboxAsync(Finance, 0, cancel.Token).GetAsyncEnumerator();
        Assert.Empty(await ReadUntilCaughtUpAsync(inbox));

        var next = inbox.MoveNextAsync();
        var (result, _, _) = await SendAsync("m-1", [Finance]);

        Assert.True(await next);
        Assert.Equal(result.DocumentId, inbox.Current.Delivery!.Document.Id);
        Assert.True(inbox.Current.Delivery.Pending);
        Assert.Equal(inbox.Current.Delivery.Cursor, inbox.Current.Cursor);
    }

    [Fact]
    public async Task The_caught_up_marker_carries_the_last_cursor_sent()
    {
        await SendAsync("m-1", [Finance], number: "1");
        await SendAsync("m-2", [Finance], number: "2");
        using var cancel = Timeout();
        await using var inbox = Service.SubscribeInboxAsync(Finance, 0, cancel.Token).GetAsyncEnumerator();

        var backlog = await ReadUntilCaughtUpAsync(inbox);

        Assert.Equal(backlog[^1].Cursor, inbox.Current.Cursor);
    }

    [Fact]
    public async Task A_subscription_only_sees_its_own_inbox()
    {
        await SendAsync("m-1", [Finance]);

        Assert.Empty(await BacklogAsync(Tax, 0));
        Assert.Empty(await BacklogAsync(Sender, 0));
    }
}
