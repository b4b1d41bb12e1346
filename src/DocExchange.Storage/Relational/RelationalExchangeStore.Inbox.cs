using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    public Task<IReadOnlyList<InboxDelivery>> ReadPendingAsync(
        AgencyCode recipient, long afterCursor, long upToCursor, int limit, CancellationToken cancellationToken) =>
        ReadAsync(s => ReadInboxAsync(s, RelationalSql.SelectPendingInbox,
            ("recipient", recipient.Value), ("after", afterCursor), ("upTo", upToCursor), ("limit", limit)), cancellationToken);

    public Task<IReadOnlyList<InboxDelivery>> ReadInboxAfterAsync(AgencyCode recipient, long afterCursor, int limit, CancellationToken cancellationToken) =>
        ReadAsync(s => ReadInboxAsync(s, RelationalSql.SelectInboxAfter,
            ("recipient", recipient.Value), ("after", afterCursor), ("limit", limit)), cancellationToken);

    private async Task<IReadOnlyList<InboxDelivery>> ReadInboxAsync(DbSession s, string sql, params (string, object?)[] parameters)
    {
        var entries = await s.QueryAsync(sql, r => (
            Cursor: r.GetInt64(0),
            Recipient: AgencyCode.Parse(r.GetString(1)),
            DocumentId: r.GetString(2),
            Kind: (DeliveryKind)r.GetInt32(3),
            Reason: r.IsDBNull(4) ? null : r.GetString(4),
            DeliveredAt: StoredRows.Time(r.GetInt64(5)),
            Pending: r.IsDBNull(6)), parameters).ConfigureAwait(false);

        var documents = await LoadDocumentsAsync(s, entries.Select(e => e.DocumentId)).ConfigureAwait(false);
        return entries.Select(entry => new InboxDelivery(
                entry.Cursor, entry.Recipient, entry.Kind,
                documents.GetValueOrDefault(entry.DocumentId)
                    ?? throw new InvalidOperationException($"inbox entry {entry.Cursor} names missing document {entry.DocumentId}"),
                entry.DeliveredAt, entry.Pending, entry.Reason))
            .ToList();
    }
}
