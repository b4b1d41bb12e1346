using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Statuses;

namespace DocExchange.Storage.Tests;

/// <summary>Changing a sent document's recipients (edXML business type 2).</summary>
public abstract partial class ExchangeConformanceTests
{
    private Task<IReadOnlyList<AgencyCode>> UpdateRecipientsAsync(
        SendResult sent, IReadOnlyList<AgencyCode> add, IReadOnlyList<AgencyCode> remove, string? reason = "điều chỉnh nơi nhận",
        AgencyCode? caller = null) =>
        Service.UpdateRecipientsAsync(caller ?? Sender, sent.DocumentId.ToString(), add.Select(a => a.Value).ToList(),
            remove.Select(r => r.Value).ToList(), reason, null, CancellationToken.None);

    private async Task<AuditEventRecordView> LastAuditEventAsync()
    {
        var events = await Storage.Store.ReadAuditEventsAsync(0, 10_000, CancellationToken.None);
        var last = events[^1];
        return new AuditEventRecordView(last.Action, last.DocumentId, last.Recipients, last.Detail, last.Actor.OrganId);
    }

    private sealed record AuditEventRecordView(string Action, string DocumentId, IReadOnlyList<string> Recipients, string Detail, string Actor);

    [Fact]
    public async Task An_added_recipient_gets_the_existing_document_as_a_pending_delivery_and_the_change_is_audited()
    {
        var (sent, main, _) = await SendAsync("m-1", [Finance]);

        var recipients = await UpdateRecipientsAsync(sent, [Tax], []);

        Assert.Equal([Finance, Tax], recipients);
        var delivery = Assert.Single(await BacklogAsync(Tax, 0));
        Assert.Equal(DeliveryKind.Document, delivery.Kind);
        Assert.True(delivery.Pending);
        Assert.Equal(sent.DocumentId, delivery.Document.Id);
        Assert.Equal([Finance, Tax], (await Service.GetDocumentAsync(Tax, sent.DocumentId.ToString(), CancellationToken.None)).Recipients);
        await using (var part = await Service.OpenPartAsync(Tax, sent.DocumentId.ToString(), "main", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await part.Content.CopyToAsync(copy);
            Assert.Equal(main, copy.ToArray());
        }
        Assert.Equal([sent.DocumentId], (await Service.ListReceivedAsync(Tax, new DocumentListRequest(), CancellationToken.None)).Items.Select(d => d.Id));
        Assert.Equal([Finance, Tax], Assert.Single((await Service.ListSentAsync(Sender, new DocumentListRequest(), CancellationToken.None)).Items).Recipients);

        var audit = await LastAuditEventAsync();
        Assert.Equal(AuditActions.RecipientsUpdated, audit.Action);
        Assert.Equal(sent.DocumentId.ToString(), audit.DocumentId);
        Assert.Equal([Tax.Value], audit.Recipients);
        Assert.Equal($"added={Tax};removed=", audit.Detail);
        Assert.Equal(Sender.Value, audit.Actor);
    }

    [Fact]
    public async Task A_removed_recipient_gets_a_notice_loses_access_and_its_earlier_statuses_stay_in_the_history()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance, NgheAn]);
        await PostAsync(NgheAn, sent, StatusCode.Arrived);
        var before = await BacklogAsync(NgheAn, 0);

        var recipients = await UpdateRecipientsAsync(sent, [], [NgheAn], "gửi nhầm nơi nhận");

        Assert.Equal([Finance], recipients);
        var notice = (await BacklogAsync(NgheAn, 0)).Last();
        Assert.Equal(DeliveryKind.RecipientRemoved, notice.Kind);
        Assert.Equal("gửi nhầm nơi nhận", notice.Reason);
        Assert.Equal(sent.DocumentId, notice.Document.Id);
        Assert.False(notice.Pending);
        Assert.True(notice.Cursor > before.Max(d => d.Cursor));
        Assert.Empty(await BacklogAsync(NgheAn, long.MaxValue - 1));

        await RefusedAsync(ExchangeErrorKind.NotFound, () => Service.GetDocumentAsync(NgheAn, sent.DocumentId.ToString(), CancellationToken.None));
        await RefusedAsync(ExchangeErrorKind.NotFound, () => Service.OpenPartAsync(NgheAn, sent.DocumentId.ToString(), "main", CancellationToken.None));
        await RefusedAsync(ExchangeErrorKind.NotFound, () => PostAsync(NgheAn, sent, StatusCode.Assigned));
        Assert.Empty((await Service.ListReceivedAsync(NgheAn, new DocumentListRequest(IncludeRecalled: true), CancellationToken.None)).Items);
        Assert.Equal([Finance], Assert.Single((await Service.ListSentAsync(Sender, new DocumentListRequest(), CancellationToken.None)).Items).Recipients);

        var history = await Service.GetStatusHistoryAsync(Sender, sent.DocumentId.ToString(), null, CancellationToken.None);
        var kept = Assert.Single(history);
        Assert.Equal((NgheAn, StatusCode.Arrived), (kept.Recipient, kept.Code));
        var audit = await LastAuditEventAsync();
        Assert.Equal((AuditActions.RecipientsUpdated, $"added=;removed={NgheAn}"), (audit.Action, audit.Detail));
        Assert.Equal([NgheAn.Value], audit.Recipients);
    }

    [Fact]
    public async Task A_removed_recipients_unacknowledged_delivery_is_no_longer_pending()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance, NgheAn]);

        await UpdateRecipientsAsync(sent, [Tax], [NgheAn]);

        var backlog = await BacklogAsync(NgheAn, 0);
        Assert.Equal([DeliveryKind.Document, DeliveryKind.RecipientRemoved], backlog.Select(d => d.Kind));
        Assert.All(backlog, d => Assert.False(d.Pending));
        Assert.True(Assert.Single(await BacklogAsync(Finance, long.MaxValue - 1)).Pending);
    }

    [Fact]
    public async Task A_recipient_removed_and_added_again_gets_a_fresh_delivery()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance, NgheAn]);
        await PostAsync(NgheAn, sent, StatusCode.Arrived);
        await PostAsync(NgheAn, sent, StatusCode.Accepted);
        await UpdateRecipientsAsync(sent, [], [NgheAn]);

        var recipients = await UpdateRecipientsAsync(sent, [NgheAn], []);

        Assert.Equal([Finance, NgheAn], recipients);
        var delivery = (await BacklogAsync(NgheAn, 0)).Last();
        Assert.Equal((DeliveryKind.Document, true), (delivery.Kind, delivery.Pending));
        var received = Assert.Single((await Service.ListReceivedAsync(NgheAn, new DocumentListRequest(), CancellationToken.None)).Items);
        Assert.Null(received.LatestStatus);
        var arrived = await PostAsync(NgheAn, sent, StatusCode.Arrived);
        Assert.Equal(StatusCode.Arrived, arrived.Code);
    }

    [Fact]
    public async Task Adding_and_removing_in_one_change_is_one_audit_event()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance, NgheAn]);
        var before = await CountAllAsync();

        await UpdateRecipientsAsync(sent, [Tax, Outsider], [NgheAn]);

        var after = await CountAllAsync();
        Assert.Equal(before["audit_events"] + 1, after["audit_events"]);
        Assert.Equal(before["inbox_entries"] + 3, after["inbox_entries"]);
        Assert.Equal(before["deliveries"] + 2, after["deliveries"]);
        Assert.Equal(before["documents"], after["documents"]);
        var audit = await LastAuditEventAsync();
        Assert.Equal([Tax.Value, Outsider.Value, NgheAn.Value], audit.Recipients);
        Assert.Equal($"added={Tax},{Outsider};removed={NgheAn}", audit.Detail);
    }

    [Fact]
    public async Task Refused_recipient_changes_leave_everything_unchanged()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance, NgheAn]);
        await Service.RegisterAgencyAsync(new AgencyRegistration("000.00.00.H29", "UBND tỉnh Hà Tĩnh"), "operator", CancellationToken.None);
        await Service.DeactivateAgencyAsync("000.00.00.H29", null, "operator", CancellationToken.None);
        var before = await CountAllAsync();
        var id = sent.DocumentId.ToString();

        Task Update(AgencyCode caller, IReadOnlyList<string> add, IReadOnlyList<string> remove) =>
            Service.UpdateRecipientsAsync(caller, id, add, remove, "lý do", null, CancellationToken.None);

        await RefusedAsync(ExchangeErrorKind.NotFound, () => Update(Finance, [Tax.Value], []));
        await RefusedAsync(ExchangeErrorKind.NotFound, () => Update(Sender, ["000.00.00.H99"], []));
        await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => Update(Sender, ["000.00.00.H29"], []));
        await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => Update(Sender, [Finance.Value], []));
        await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => Update(Sender, [], [Tax.Value]));
        var last = await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => Update(Sender, [], [Finance.Value, NgheAn.Value]));
        Assert.Contains("without recipients", last.Message, StringComparison.Ordinal);
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Update(Sender, ["G12"], []));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Update(Sender, [], []));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Update(Sender, [Tax.Value], [Tax.Value]));
        await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Update(Sender, [Sender.Value], []));
        await RefusedAsync(ExchangeErrorKind.NotFound, () => Service.UpdateRecipientsAsync(
            Sender, new DocumentId(Sender, new DateOnly(2024, 5, 10), "1", "VPCP").ToString(), [Tax.Value], [], null, null, CancellationToken.None));

        Assert.Equal(before, await CountAllAsync());
        Assert.Equal([Finance, NgheAn], (await Service.GetDocumentAsync(Sender, id, CancellationToken.None)).Recipients);
    }

    [Fact]
    public async Task An_added_recipient_subscribed_live_receives_the_delivery()
    {
        var (sent, _, _) = await SendAsync("m-1", [Finance]);
        using var cancel = Timeout();
        await using var inbox = Service.SubscribeInboxAsync(Tax, 0, cancel.Token).GetAsyncEnumerator();
        Assert.Empty(await ReadUntilCaughtUpAsync(inbox));

        await UpdateRecipientsAsync(sent, [Tax], []);

        Assert.True(await inbox.MoveNextAsync());
        Assert.Equal(sent.DocumentId, inbox.Current.Delivery!.Document.Id);
        Assert.Equal(DeliveryKind.Document, inbox.Current.Delivery.Kind);
    }
}
