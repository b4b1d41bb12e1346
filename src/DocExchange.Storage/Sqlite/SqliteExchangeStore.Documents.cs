using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

public sealed partial class SqliteExchangeStore
{
    public Task<StoredDocument?> FindDocumentAsync(DocumentId id, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => LoadDocumentAsync(s, id.ToString()), cancellationToken);

    public Task<StoredDocument?> FindDocumentByMessageIdAsync(AgencyCode sender, string messageId, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => LoadDocumentByMessageIdAsync(s, sender, messageId), cancellationToken);

    public Task<SendCommitResult> CommitSendAsync(StoredDocument document, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var earlier = await LoadDocumentByMessageIdAsync(s, document.Sender, document.MessageId).ConfigureAwait(false);
            if (earlier is not null) return (false, new SendCommitResult(SendCommitOutcome.DuplicateMessage, earlier));
            var id = document.Id.ToString();
            if (await s.ScalarAsync(SqliteSql.DocumentExists, ("$id", id)).ConfigureAwait(false) is not null)
                return (false, new SendCommitResult(SendCommitOutcome.DocumentIdTaken, null));

            await s.ExecuteAsync(SqliteSql.InsertDocument,
                ("$id", id),
                ("$sender", document.Sender.Value),
                ("$messageId", document.MessageId),
                ("$subject", document.Subject),
                ("$businessType", (int)document.BusinessType),
                ("$referenced", document.ReferencedDocumentId?.ToString()),
                ("$header", document.Header.ToArray()),
                ("$validation", document.Validation?.ToArray()),
                ("$acceptedAt", SqliteRows.Ticks(document.AcceptedAt))).ConfigureAwait(false);
            for (var i = 0; i < document.Parts.Count; i++)
            {
                var part = document.Parts[i];
                await s.ExecuteAsync(SqliteSql.InsertPart,
                    ("$id", id), ("$ordinal", i), ("$partId", part.PartId), ("$kind", (int)part.Kind), ("$fileName", part.FileName),
                    ("$contentType", part.ContentType), ("$size", part.Size), ("$sha256", part.Sha256.Hex)).ConfigureAwait(false);
            }
            for (var i = 0; i < document.Trace.Count; i++)
            {
                var hop = document.Trace[i];
                await s.ExecuteAsync(SqliteSql.InsertTraceHop,
                    ("$id", id), ("$ordinal", i), ("$organId", hop.OrganId.Value), ("$at", SqliteRows.Ticks(hop.Timestamp))).ConfigureAwait(false);
            }
            for (var i = 0; i < document.Recipients.Count; i++)
            {
                var recipient = document.Recipients[i].Value;
                await s.ExecuteAsync(SqliteSql.InsertDelivery, ("$id", id), ("$recipient", recipient), ("$ordinal", i)).ConfigureAwait(false);
                await s.ScalarAsync(SqliteSql.InsertInboxEntry,
                    ("$recipient", recipient), ("$id", id), ("$kind", (int)Core.Delivery.DeliveryKind.Document), ("$reason", null),
                    ("$at", SqliteRows.Ticks(document.AcceptedAt))).ConfigureAwait(false);
            }
            await InsertAuditAsync(s, audit).ConfigureAwait(false);
            return (true, new SendCommitResult(SendCommitOutcome.Committed, document));
        }, cancellationToken);

    public Task RecordEventAsync(AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            await InsertAuditAsync(s, audit).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    private static async Task<StoredDocument?> LoadDocumentByMessageIdAsync(SqliteSession s, AgencyCode sender, string messageId)
    {
        var id = await s.ScalarAsync(SqliteSql.SelectDocumentIdByMessageId, ("$sender", sender.Value), ("$messageId", messageId)).ConfigureAwait(false);
        return id is string documentId ? await LoadDocumentAsync(s, documentId).ConfigureAwait(false) : null;
    }

    private static async Task<StoredDocument?> LoadDocumentAsync(SqliteSession s, string documentId)
    {
        var row = (await s.QueryAsync(SqliteSql.SelectDocumentById, SqliteRows.Document, ("$id", documentId)).ConfigureAwait(false)).FirstOrDefault();
        return row is null ? null : await CompleteDocumentAsync(s, row).ConfigureAwait(false);
    }

    /// <summary>Attaches parts, recipients and route to a documents row.</summary>
    private static async Task<StoredDocument> CompleteDocumentAsync(SqliteSession s, DocumentRow row)
    {
        var parts = await s.QueryAsync(SqliteSql.SelectParts, SqliteRows.Part, ("$id", row.DocumentId)).ConfigureAwait(false);
        var recipients = await s.QueryAsync(SqliteSql.SelectRecipients, r => AgencyCode.Parse(r.GetString(0)), ("$id", row.DocumentId))
            .ConfigureAwait(false);
        var trace = await s.QueryAsync(SqliteSql.SelectTrace, r => new TraceHop(AgencyCode.Parse(r.GetString(0)), SqliteRows.Time(r.GetInt64(1))),
            ("$id", row.DocumentId)).ConfigureAwait(false);
        return new StoredDocument(
            DocumentId.Parse(row.DocumentId), row.Sender, row.MessageId, recipients, row.Subject, row.BusinessType,
            row.ReferencedDocumentId, row.Header, row.Validation, row.AcceptedAt, parts, trace);
    }
}
