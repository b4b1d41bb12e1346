using DocExchange.Core.Delivery;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    /// <summary>
    /// Locks the document row where the engine can (concurrent changes of its recipients, on any instance, wait and
    /// then see the new list), changes the deliveries, then draws the inbox cursors after the audit sequence.
    /// </summary>
    public Task<bool> ChangeRecipientsAsync(RecipientsChange change, AuditEventRecord audit, CancellationToken cancellationToken) =>
        WriteAsync(async s =>
        {
            var id = change.DocumentId.ToString();
            var current = await s.QueryAsync(Sql.LockDocumentRecipients, r => r.GetString(0), ("id", id)).ConfigureAwait(false);
            if (!current.SequenceEqual(change.ExpectedRecipients.Select(r => r.Value), StringComparer.Ordinal)) return (false, false);

            var at = StoredRows.Ticks(change.At);
            var before = new StatementBatch();
            var ordered = new List<Statement>();
            foreach (var recipient in change.Removed)
            {
                before.Add(RelationalSql.RemoveDelivery, ("id", id), ("recipient", recipient.Value), ("at", at));
                before.Add(RelationalSql.CloseInboxEntries, ("id", id), ("recipient", recipient.Value), ("at", at));
                ordered.Add(new(RelationalSql.InsertInboxNotice,
                    ("recipient", recipient.Value), ("id", id), ("kind", (int)DeliveryKind.RecipientRemoved), ("reason", change.Reason), ("at", at)));
            }
            foreach (var recipient in change.Added)
            {
                before.Add(RelationalSql.AddDelivery, ("id", id), ("recipient", recipient.Value));
                ordered.Add(InboxEntry(id, recipient, DeliveryKind.Document, null, change.At));
            }
            var channels = change.Added.Concat(change.Removed).Select(r => ChangeTopic.Inbox(r).ChannelName);
            await FinishAsync(s, before, ordered, audit, channels).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);
}
