using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    public Task<IReadOnlyList<ListedDocument>> ListSentAsync(AgencyCode sender, DocumentListQuery query, CancellationToken cancellationToken) =>
        ReadAsync(s => ListAsync(s, RelationalSql.SelectSent, sender, query, received: false), cancellationToken);

    public Task<IReadOnlyList<ListedDocument>> ListReceivedAsync(AgencyCode recipient, DocumentListQuery query, CancellationToken cancellationToken) =>
        ReadAsync(s => ListAsync(s, RelationalSql.SelectReceived, recipient, query, received: true), cancellationToken);

    private async Task<IReadOnlyList<ListedDocument>> ListAsync(
        DbSession s, string sql, AgencyCode agency, DocumentListQuery query, bool received)
    {
        var rows = await s.QueryAsync(sql, r => (
                Document: StoredRows.Document(r),
                LatestStatus: r.IsDBNull(10) ? (StatusCode?)null : (StatusCode)r.GetInt32(10),
                Stage: r.IsDBNull(11) ? (DeliveryStage?)null : (DeliveryStage)r.GetInt32(11)),
            ("agency", agency.Value),
            ("before", query.BeforePosition),
            ("since", query.Since is { } since ? StoredRows.Ticks(since) : null),
            ("until", query.Until is { } until ? StoredRows.Ticks(until) : null),
            ("includeRecalled", query.IncludeRecalled),
            ("recalledStage", (int)DeliveryStage.Recalled),
            ("limit", query.Limit)).ConfigureAwait(false);
        if (rows.Count == 0) return [];

        var recipients = (await s.QueryAsync(Sql.SelectRecipients,
                r => (Id: r.GetString(0), Code: AgencyCode.Parse(r.GetString(1)), Stage: (DeliveryStage)r.GetInt32(2)),
                ("ids", Sql.Dialect.ListValue(rows.Select(row => row.Document.DocumentId).ToArray()))).ConfigureAwait(false))
            .ToLookup(r => r.Id, StringComparer.Ordinal);

        var listed = new List<ListedDocument>(rows.Count);
        foreach (var (row, latestStatus, stage) in rows)
        {
            var own = recipients[row.DocumentId].ToList();
            // Received: recalled from the caller's inbox. Sent: every recipient gave it back.
            var recalled = received
                ? stage == DeliveryStage.Recalled
                : own.Count > 0 && own.All(r => r.Stage == DeliveryStage.Recalled);
            listed.Add(new ListedDocument(row.Position, new DocumentSummary(
                DocumentId.Parse(row.DocumentId), row.Sender, row.Subject, row.Header, row.AcceptedAt,
                own.Select(r => r.Code).ToList(), latestStatus, recalled)));
        }
        return listed;
    }
}
