using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Statuses;

namespace DocExchange.Storage.Tests;

public abstract partial class ExchangeConformanceTests
{
    [Fact]
    public async Task Allowed_transitions_are_persisted_in_order()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);

        foreach (var code in new[] { StatusCode.Arrived, StatusCode.Accepted, StatusCode.Processing, StatusCode.Done })
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await PostAsync(Finance, result, code);
        }

        var history = await Service.GetStatusHistoryAsync(Sender, result.DocumentId.ToString(), null, CancellationToken.None);
        Assert.Equal([StatusCode.Arrived, StatusCode.Accepted, StatusCode.Processing, StatusCode.Done], history.Select(s => s.Code));
        Assert.All(history, s => Assert.Equal((Finance, Finance, Sender), (s.Reporter, s.Recipient, s.Sender)));
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence && p.First.RecordedAt < p.Second.RecordedAt));
        var state = await Storage.Store.FindDeliveryStateAsync(result.DocumentId, Finance, CancellationToken.None);
        Assert.Equal(new DeliveryState(DeliveryStage.Done, false), state!.State);
        Assert.Equal(StatusCode.Done, state.LatestStatus);
    }

    [Fact]
    public async Task A_refused_transition_names_the_current_state_and_changes_nothing()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);
        await PostAsync(Finance, result, StatusCode.Arrived);
        var stateBefore = await Storage.Store.FindDeliveryStateAsync(result.DocumentId, Finance, CancellationToken.None);
        var before = await CountAllAsync();

        var error = await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => PostAsync(Finance, result, StatusCode.Done));

        Assert.Contains("it is 01 (arrived)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Allowed next: 02, 03, 13", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
        Assert.Equal(stateBefore, await Storage.Store.FindDeliveryStateAsync(result.DocumentId, Finance, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_may_follow_a_rejection()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);
        await PostAsync(Finance, result, StatusCode.Arrived);
        await PostAsync(Finance, result, StatusCode.Rejected, "Sai thẩm quyền");

        var error = await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => PostAsync(Finance, result, StatusCode.Accepted));

        Assert.Contains("No status may follow", error.Message, StringComparison.Ordinal);
        var rejection = (await Service.GetStatusHistoryAsync(Finance, result.DocumentId.ToString(), null, CancellationToken.None))[^1];
        Assert.Equal("Sai thẩm quyền", rejection.Description);
    }

    [Fact]
    public async Task A_repeated_status_message_id_returns_the_first_status_and_stores_nothing_twice()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);
        var first = await PostAsync(Finance, result, StatusCode.Arrived, messageId: "s-1");
        var before = await CountAllAsync();

        var again = await PostAsync(Finance, result, StatusCode.Arrived, messageId: "s-1");

        Assert.Equal(first, again);
        Assert.Equal(before, await CountAllAsync());
        await RefusedAsync(ExchangeErrorKind.AlreadyExists, () => PostAsync(Finance, result, StatusCode.Accepted, messageId: "s-1"));
    }

    [Fact]
    public async Task Only_a_recipient_posts_statuses_and_others_do_not_see_the_document()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);

        await RefusedAsync(ExchangeErrorKind.NotFound, () => PostAsync(Outsider, result, StatusCode.Arrived));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => PostAsync(Sender, result, StatusCode.Arrived));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => PostAsync(Finance, result, StatusCode.RecallRequested));
    }

    [Fact]
    public async Task A_recipient_reads_only_its_own_status_history_while_the_sender_reads_all()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance, Tax]);
        await PostAsync(Finance, result, StatusCode.Arrived);
        await PostAsync(Tax, result, StatusCode.Arrived);

        var ownHistory = await Service.GetStatusHistoryAsync(Finance, result.DocumentId.ToString(), null, CancellationToken.None);
        var senderHistory = await Service.GetStatusHistoryAsync(Sender, result.DocumentId.ToString(), null, CancellationToken.None);

        Assert.Equal([Finance], ownHistory.Select(s => s.Recipient));
        Assert.Equal([Finance, Tax], senderHistory.Select(s => s.Recipient));
        await RefusedAsync(ExchangeErrorKind.PermissionDenied,
            () => Service.GetStatusHistoryAsync(Finance, result.DocumentId.ToString(), Tax.Value, CancellationToken.None));
    }

    [Fact]
    public async Task A_status_watch_sends_the_backlog_then_pushes_new_statuses()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance, Tax]);
        var arrived = await PostAsync(Finance, result, StatusCode.Arrived);
        using var cancel = Timeout();
        await using var watch = Service.WatchStatusesAsync(Sender, 0, null, cancel.Token).GetAsyncEnumerator();

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(arrived, watch.Current.Status);
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsCaughtUp);
        Assert.Equal(arrived.Sequence, watch.Current.Sequence);

        var next = watch.MoveNextAsync();
        var taxArrived = await PostAsync(Tax, result, StatusCode.Arrived);
        Assert.True(await next);
        Assert.Equal(taxArrived, watch.Current.Status);
    }

    [Fact]
    public async Task A_status_watch_resumes_after_a_sequence()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);
        var arrived = await PostAsync(Finance, result, StatusCode.Arrived);
        var accepted = await PostAsync(Finance, result, StatusCode.Accepted);
        using var cancel = Timeout();
        await using var watch = Service.WatchStatusesAsync(Sender, arrived.Sequence, result.DocumentId.ToString(), cancel.Token).GetAsyncEnumerator();

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(accepted, watch.Current.Status);
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsCaughtUp);
    }

    [Fact]
    public async Task A_recall_is_delivered_and_answered_with_16_then_15()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);
        await PostAsync(Finance, result, StatusCode.Arrived);
        await PostAsync(Finance, result, StatusCode.Accepted);

        var requested = await Service.RequestRecallAsync(Sender, result.DocumentId.ToString(), "Sai sót nội dung", null, null, CancellationToken.None);

        Assert.Equal(StatusCode.RecallRequested, Assert.Single(requested).Code);
        var recallRequest = Assert.Single(await BacklogAsync(Finance, long.MaxValue - 1));
        Assert.Equal((DeliveryKind.RecallRequest, "Sai sót nội dung", true), (recallRequest.Kind, recallRequest.Reason, recallRequest.Pending));
        await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => PostAsync(Finance, result, StatusCode.Processing));

        await PostAsync(Finance, result, StatusCode.Refused);
        Assert.Empty(await BacklogAsync(Finance, long.MaxValue - 1));
        await PostAsync(Finance, result, StatusCode.Processing);

        await Service.RequestRecallAsync(Sender, result.DocumentId.ToString(), "Thu hồi", null, null, CancellationToken.None);
        await PostAsync(Finance, result, StatusCode.Agreed);
        var state = await Storage.Store.FindDeliveryStateAsync(result.DocumentId, Finance, CancellationToken.None);
        Assert.Equal(new DeliveryState(DeliveryStage.Recalled, false), state!.State);
        Assert.Empty((await Service.ListReceivedAsync(Finance, new DocumentListRequest(), CancellationToken.None)).Items);
        var withRecalled = await Service.ListReceivedAsync(Finance, new DocumentListRequest(IncludeRecalled: true), CancellationToken.None);
        Assert.True(Assert.Single(withRecalled.Items).Recalled);
    }
}
