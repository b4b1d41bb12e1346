using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

public sealed partial class SqliteExchangeStore
{
    public Task<IReadOnlyList<ListedDocument>> ListSentAsync(AgencyCode sender, DocumentListQuery query, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => ListAsync(s, SqliteSql.SelectSent, sender, query, received: false), cancellationToken);

    public Task<IReadOnlyList<ListedDocument>> ListReceivedAsync(AgencyCode recipient, DocumentListQuery query, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => ListAsync(s, SqliteSql.SelectReceived, recipient, query, received: true), cancellationToken);

    private static async Task<IReadOnlyList<ListedDocument>> ListAsync(
        SqliteSession s, string sql, AgencyCode agency, DocumentListQuery query, bool received)
    {
        var rows = await s.QueryAsync(sql, r => (
                Document: SqliteRows.Document(r),
                LatestStatus: r.IsDBNull(10) ? (StatusCode?)null : (StatusCode)r.GetInt32(10),
                Stage: r.IsDBNull(11) ? (DeliveryStage?)null : (DeliveryStage)r.GetInt32(11)),
            ("$agency", agency.Value),
            ("$before", query.BeforePosition),
            ("$since", query.Since is { } since ? SqliteRows.Ticks(since) : null),
            ("$until", query.Until is { } until ? SqliteRows.Ticks(until) : null),
            ("$includeRecalled", query.IncludeRecalled ? 1 : 0),
            ("$recalledStage", (int)DeliveryStage.Recalled),
            ("$limit", query.Limit)).ConfigureAwait(false);

        var listed = new List<ListedDocument>(rows.Count);
        foreach (var (row, latestStatus, stage) in rows)
        {
            var recipients = await s.QueryAsync(SqliteSql.SelectRecipients,
                r => (Code: AgencyCode.Parse(r.GetString(0)), Stage: (DeliveryStage)r.GetInt32(1)), ("$id", row.DocumentId)).ConfigureAwait(false);
            // Received: recalled from the caller's inbox. Sent: every recipient gave it back.
            var recalled = received
                ? stage == DeliveryStage.Recalled
                : recipients.Count > 0 && recipients.All(r => r.Stage == DeliveryStage.Recalled);
            listed.Add(new ListedDocument(row.Position, new DocumentSummary(
                DocumentId.Parse(row.DocumentId), row.Sender, row.Subject, row.Header, row.AcceptedAt,
                recipients.Select(r => r.Code).ToList(), latestStatus, recalled)));
        }
        return listed;
    }
}
