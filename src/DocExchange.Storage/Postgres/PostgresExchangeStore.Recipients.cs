using DocExchange.Core.Delivery;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Postgres;

public sealed partial class PostgresExchangeStore
{
    /// <summary>
    /// Locks the document row (concurrent changes of its recipients, on any instance, wait and then see the new list),
    /// changes the deliveries, then draws the inbox cursors and the audit sequence after the commit-order lock
    /// (see <see cref="PostgresSql.LockCommitOrder"/>).
    /// </summary>
    public Task<bool> ChangeRecipientsAsync(RecipientsChange change, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var id = change.DocumentId.ToString();
            var current = await s.QueryAsync(PostgresSql.LockDocumentRecipients, r => r.GetString(0), ("id", id)).ConfigureAwait(false);
            if (!current.SequenceEqual(change.ExpectedRecipients.Select(r => r.Value), StringComparer.Ordinal)) return (false, false);

            var at = PostgresRows.Ticks(change.At);
            var added = change.Added.Select(r => r.Value).ToArray();
            var removed = change.Removed.Select(r => r.Value).ToArray();
            var before = new List<PostgresStatement>();
            var ordered = new List<PostgresStatement>();
            if (removed.Length > 0)
            {
                before.Add(new(PostgresSql.RemoveDeliveries, ("id", id), ("recipients", removed), ("at", at)));
                before.Add(new(PostgresSql.CloseInboxEntries, ("id", id), ("recipients", removed), ("at", at)));
                ordered.Add(new(PostgresSql.InsertInboxNotices,
                    ("id", id), ("recipients", removed), ("kind", (int)DeliveryKind.RecipientRemoved), ("reason", change.Reason), ("at", at)));
            }
            if (added.Length > 0)
            {
                before.Add(new(PostgresSql.AddDeliveries, ("id", id), ("recipients", added)));
                ordered.Add(new(PostgresSql.InsertInboxEntries,
                    ("id", id), ("recipients", added), ("kind", (int)DeliveryKind.Document), ("reason", null), ("at", at)));
            }
            var channels = change.Added.Concat(change.Removed).Select(r => ChangeTopic.Inbox(r).ChannelName);
            await FinishAsync(s, before, ordered, audit, channels).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);
}
