using DocExchange.Audit.Merkle;
using DocExchange.Audit.Trail;
using DocExchange.Core.Auditing;
using DocExchange.Core.Delivery;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using static DocExchange.Storage.Tests.ExistingDatabaseScenario;

namespace DocExchange.Storage.Tests;

/// <summary>
/// A database written by an earlier release (the dumps in ExistingDatabases/, see <see cref="ExistingDatabaseScenario"/>)
/// opens with today's store, reads back what was written, and takes new writes that continue its cursors and sequences.
/// </summary>
public abstract class ExistingDatabaseTests
{
    protected static string Dump(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ExistingDatabases", name));

    protected static async Task ReadsBackAndContinuesAsync(IExchangeStore store, IAuditEventStore audit, IMerkleNodeStore merkle)
    {
        var none = CancellationToken.None;
        Assert.Equal(Sender, await store.FindAgencyAsync(SenderCode, none));
        Assert.Equal(Inactive, await store.FindAgencyAsync(InactiveCode, none));
        Assert.Equal([SenderCode], await store.FindAgenciesPinningAsync(Pin, none));

        var document = await store.FindDocumentAsync(Document.Id, none);
        Assert.NotNull(document);
        Assert.Equal([FinanceCode], document.Recipients);
        Assert.Equal(Document.Parts, document.Parts);
        Assert.Equal(Document.Trace, document.Trace);
        Assert.Equal(Document.Header.ToArray(), document.Header.ToArray());
        Assert.Equal((Document.Sender, Document.MessageId, Document.Subject, Document.AcceptedAt),
            (document.Sender, document.MessageId, document.Subject, document.AcceptedAt));

        var state = await store.FindDeliveryStateAsync(Document.Id, FinanceCode, none);
        Assert.Equal(new DeliveryStateRecord(Document.Id, FinanceCode, new DeliveryState(DeliveryStage.Arrived, false), 1, StatusCode.Arrived), state);
        var financeInbox = await store.ReadInboxAfterAsync(FinanceCode, 0, 10, none);
        Assert.Equal([(DeliveryKind.Document, false)], financeInbox.Select(e => (e.Kind, e.Pending)));
        var removedInbox = await store.ReadInboxAfterAsync(RemovedCode, 0, 10, none);
        Assert.Equal([(DeliveryKind.Document, false, (string?)null), (DeliveryKind.RecipientRemoved, false, "sent in error")],
            removedInbox.Select(e => (e.Kind, e.Pending, e.Reason)));
        var firstStatus = await store.FindStatusByMessageIdAsync(FinanceCode, "status-1", none);
        Assert.Equal(StatusCode.Arrived, firstStatus!.Code);
        Assert.Equal(AuditEvents, (await store.ReadAuditEventsAsync(0, 100, none)).Count);
        Assert.Equal(1, await merkle.GetTreeSizeAsync(none));
        Assert.Equal([Leaf.Hash], await merkle.ReadNodesAsync([Leaf.Id], none));

        Assert.Equal(SendCommitOutcome.DuplicateMessage,
            (await store.CommitSendAsync(Document, Records.Audit(SenderCode.Value, AuditActions.DocumentSent), [], none)).Outcome);
        var next = Records.Document(SenderCode, "existing-2", [FinanceCode]);
        Assert.Equal(SendCommitOutcome.Committed,
            (await store.CommitSendAsync(next, Records.Audit(SenderCode.Value, AuditActions.DocumentSent, next.Id.ToString()), [], none)).Outcome);
        var pending = Assert.Single(await store.ReadPendingAsync(FinanceCode, 0, long.MaxValue, 10, none));
        Assert.Equal(next.Id, pending.Document.Id);
        Assert.True(pending.Cursor > removedInbox.Concat(financeInbox).Max(e => e.Cursor));
        var appended = await store.AppendStatusAsync(Records.Status(next, FinanceCode, StatusCode.Arrived, DeliveryState.Initial, 0, "status-2"),
            Records.Audit(FinanceCode.Value, AuditActions.StatusPosted, next.Id.ToString()), none);
        Assert.Equal(StatusAppendOutcome.Appended, appended.Outcome);
        Assert.True(appended.Status!.Sequence > firstStatus.Sequence);
        Assert.Equal(AuditEvents + 2, await audit.GetNextSequenceAsync(none));
        Assert.Equal(Enumerable.Range(0, AuditEvents + 2).Select(i => (long)i), (await audit.ReadLeavesAsync(0, 100, none)).Select(l => l.Sequence));
    }
}
