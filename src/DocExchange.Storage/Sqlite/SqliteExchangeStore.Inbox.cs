using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;

namespace DocExchange.Storage.Sqlite;

public sealed partial class SqliteExchangeStore
{
    public Task<IReadOnlyList<InboxDelivery>> ReadPendingAsync(
        AgencyCode recipient, long afterCursor, long upToCursor, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => ReadInboxAsync(s, SqliteSql.SelectPendingInbox,
            ("$recipient", recipient.Value), ("$after", afterCursor), ("$upTo", upToCursor), ("$limit", limit)), cancellationToken);

    public Task<IReadOnlyList<InboxDelivery>> ReadInboxAfterAsync(AgencyCode recipient, long afterCursor, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => ReadInboxAsync(s, SqliteSql.SelectInboxAfter,
            ("$recipient", recipient.Value), ("$after", afterCursor), ("$limit", limit)), cancellationToken);

    private static async Task<IReadOnlyList<InboxDelivery>> ReadInboxAsync(SqliteSession s, string sql, params (string, object?)[] parameters)
    {
        var entries = await s.QueryAsync(sql, r => (
            Cursor: r.GetInt64(0),
            Recipient: AgencyCode.Parse(r.GetString(1)),
            DocumentId: r.GetString(2),
            Kind: (DeliveryKind)r.GetInt32(3),
            Reason: r.IsDBNull(4) ? null : r.GetString(4),
            DeliveredAt: SqliteRows.Time(r.GetInt64(5)),
            Pending: r.IsDBNull(6)), parameters).ConfigureAwait(false);

        var documents = new Dictionary<string, StoredDocument>(StringComparer.Ordinal);
        var deliveries = new List<InboxDelivery>(entries.Count);
        foreach (var entry in entries)
        {
            if (!documents.TryGetValue(entry.DocumentId, out var document))
            {
                document = await LoadDocumentAsync(s, entry.DocumentId).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"inbox entry {entry.Cursor} names missing document {entry.DocumentId}");
                documents[entry.DocumentId] = document;
            }
            deliveries.Add(new InboxDelivery(entry.Cursor, entry.Recipient, entry.Kind, document, entry.DeliveredAt, entry.Pending, entry.Reason));
        }
        return deliveries;
    }
}
