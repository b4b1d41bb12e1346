using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Postgres;

public sealed partial class PostgresExchangeStore
{
    public Task<StoredDocument?> FindDocumentAsync(DocumentId id, CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await LoadDocumentsAsync(s, [id.ToString()]).ConfigureAwait(false)).Values.FirstOrDefault(), cancellationToken);

    public Task<StoredDocument?> FindDocumentByMessageIdAsync(AgencyCode sender, string messageId, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => LoadDocumentByMessageIdAsync(s, sender, messageId), cancellationToken);

    /// <summary>
    /// Idempotent under concurrency: the document row is inserted first with ON CONFLICT DO NOTHING, so a concurrent
    /// send of the same (sender, message id) or document id, on any instance, waits for the first one's outcome and then
    /// writes nothing; the first result is read back once it is committed.
    /// </summary>
    public Task<SendCommitResult> CommitSendAsync(StoredDocument document, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var id = document.Id.ToString();
            var position = await s.ScalarAsync(PostgresSql.InsertDocument,
                ("id", id),
                ("sender", document.Sender.Value),
                ("messageId", document.MessageId),
                ("subject", document.Subject),
                ("businessType", (int)document.BusinessType),
                ("referenced", document.ReferencedDocumentId?.ToString()),
                ("header", document.Header.ToArray()),
                ("validation", document.Validation?.ToArray()),
                ("acceptedAt", PostgresRows.Ticks(document.AcceptedAt))).ConfigureAwait(false);
            if (position is null)
            {
                var earlier = await LoadDocumentByMessageIdAsync(s, document.Sender, document.MessageId).ConfigureAwait(false);
                return (false, earlier is null
                    ? new SendCommitResult(SendCommitOutcome.DocumentIdTaken, null)
                    : new SendCommitResult(SendCommitOutcome.DuplicateMessage, earlier));
            }

            var recipients = document.Recipients.Select(r => r.Value).ToArray();
            PostgresStatement[] rows =
            [
                new(PostgresSql.InsertParts,
                    ("id", id),
                    ("partIds", document.Parts.Select(p => p.PartId).ToArray()),
                    ("kinds", document.Parts.Select(p => (int)p.Kind).ToArray()),
                    ("fileNames", document.Parts.Select(p => p.FileName).ToArray()),
                    ("contentTypes", document.Parts.Select(p => p.ContentType).ToArray()),
                    ("sizes", document.Parts.Select(p => p.Size).ToArray()),
                    ("hashes", document.Parts.Select(p => p.Sha256.Hex).ToArray())),
                new(PostgresSql.InsertTraceHops,
                    ("id", id),
                    ("organIds", document.Trace.Select(h => h.OrganId.Value).ToArray()),
                    ("ats", document.Trace.Select(h => PostgresRows.Ticks(h.Timestamp)).ToArray())),
                new(PostgresSql.InsertDeliveries, ("id", id), ("recipients", recipients)),
            ];
            PostgresStatement inbox = new(PostgresSql.InsertInboxEntries,
                ("id", id), ("recipients", recipients), ("kind", (int)DeliveryKind.Document), ("reason", null),
                ("at", PostgresRows.Ticks(document.AcceptedAt)));
            await FinishAsync(s, rows, [inbox], audit, document.Recipients.Select(r => ChangeTopic.Inbox(r).ChannelName)).ConfigureAwait(false);
            return (true, new SendCommitResult(SendCommitOutcome.Committed, document));
        }, cancellationToken);

    public Task RecordEventAsync(AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            await FinishAsync(s, [], [], audit, []).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    private static async Task<StoredDocument?> LoadDocumentByMessageIdAsync(PostgresSession s, AgencyCode sender, string messageId)
    {
        var id = await s.ScalarAsync(PostgresSql.SelectDocumentIdByMessageId, ("sender", sender.Value), ("messageId", messageId)).ConfigureAwait(false);
        return id is string documentId ? (await LoadDocumentsAsync(s, [documentId]).ConfigureAwait(false)).Values.FirstOrDefault() : null;
    }

    /// <summary>Documents with their parts, recipients and route, in one round trip; keyed by document id.</summary>
    private static async Task<Dictionary<string, StoredDocument>> LoadDocumentsAsync(PostgresSession s, IEnumerable<string> documentIds)
    {
        var ids = documentIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) return new Dictionary<string, StoredDocument>(StringComparer.Ordinal);
        return await s.BatchAsync(
            [
                new(PostgresSql.SelectDocuments, ("ids", ids)),
                new(PostgresSql.SelectParts, ("ids", ids)),
                new(PostgresSql.SelectRecipients, ("ids", ids)),
                new(PostgresSql.SelectTrace, ("ids", ids)),
            ],
            async (r, ct) =>
            {
                var rows = await PostgresSession.ReadRowsAsync(r, PostgresRows.Document, ct).ConfigureAwait(false);
                await r.NextResultAsync(ct).ConfigureAwait(false);
                var parts = (await PostgresSession.ReadRowsAsync(r, x => (Id: x.GetString(0), Part: PostgresRows.Part(x)), ct).ConfigureAwait(false))
                    .ToLookup(p => p.Id, p => p.Part, StringComparer.Ordinal);
                await r.NextResultAsync(ct).ConfigureAwait(false);
                var recipients = (await PostgresSession.ReadRowsAsync(r, x => (Id: x.GetString(0), Code: AgencyCode.Parse(x.GetString(1))), ct).ConfigureAwait(false))
                    .ToLookup(p => p.Id, p => p.Code, StringComparer.Ordinal);
                await r.NextResultAsync(ct).ConfigureAwait(false);
                var trace = (await PostgresSession.ReadRowsAsync(r,
                        x => (Id: x.GetString(0), Hop: new TraceHop(AgencyCode.Parse(x.GetString(1)), PostgresRows.Time(x.GetInt64(2)))), ct).ConfigureAwait(false))
                    .ToLookup(p => p.Id, p => p.Hop, StringComparer.Ordinal);
                return rows.ToDictionary(
                    row => row.DocumentId,
                    row => new StoredDocument(
                        DocumentId.Parse(row.DocumentId), row.Sender, row.MessageId, recipients[row.DocumentId].ToList(), row.Subject,
                        row.BusinessType, row.ReferencedDocumentId, row.Header, row.Validation, row.AcceptedAt,
                        parts[row.DocumentId].ToList(), trace[row.DocumentId].ToList()),
                    StringComparer.Ordinal);
            }).ConfigureAwait(false);
    }
}
