using DocExchange.Core.Delivery;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

public sealed partial class SqliteExchangeStore
{
    public Task<bool> ChangeRecipientsAsync(RecipientsChange change, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var id = change.DocumentId.ToString();
            var current = await s.QueryAsync(SqliteSql.SelectRecipients, r => r.GetString(0), ("$id", id)).ConfigureAwait(false);
            if (!current.SequenceEqual(change.ExpectedRecipients.Select(r => r.Value), StringComparer.Ordinal)) return (false, false);

            var at = SqliteRows.Ticks(change.At);
            foreach (var recipient in change.Removed.Select(r => r.Value))
            {
                await s.ExecuteAsync(SqliteSql.RemoveDelivery, ("$id", id), ("$recipient", recipient), ("$at", at)).ConfigureAwait(false);
                await s.ExecuteAsync(SqliteSql.CloseInboxEntries, ("$id", id), ("$recipient", recipient), ("$at", at)).ConfigureAwait(false);
                await s.ExecuteAsync(SqliteSql.InsertInboxNotice,
                    ("$recipient", recipient), ("$id", id), ("$kind", (int)DeliveryKind.RecipientRemoved), ("$reason", change.Reason), ("$at", at))
                    .ConfigureAwait(false);
            }
            foreach (var recipient in change.Added.Select(r => r.Value))
            {
                await s.ExecuteAsync(SqliteSql.AddDelivery, ("$id", id), ("$recipient", recipient)).ConfigureAwait(false);
                await s.ScalarAsync(SqliteSql.InsertInboxEntry,
                    ("$recipient", recipient), ("$id", id), ("$kind", (int)DeliveryKind.Document), ("$reason", null), ("$at", at))
                    .ConfigureAwait(false);
            }
            await InsertAuditAsync(s, audit).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);
}
