using System.Data.Common;
using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    public Task<StoredDocument?> FindDocumentAsync(DocumentId id, CancellationToken cancellationToken) =>
        ReadAsync(async s => (await LoadDocumentsAsync(s, [id.ToString()]).ConfigureAwait(false)).Values.FirstOrDefault(), cancellationToken);

    public Task<StoredDocument?> FindDocumentByMessageIdAsync(AgencyCode sender, string messageId, CancellationToken cancellationToken) =>
        ReadAsync(s => LoadDocumentByMessageIdAsync(s, sender, messageId), cancellationToken);

    public Task<SendChecks> ReadSendChecksAsync(
        AgencyCode sender, string messageId, DocumentId id, IReadOnlyCollection<AgencyCode> agencies, CancellationToken cancellationToken) =>
        ReadAsync(async s =>
        {
            var batch = new StatementBatch();
            var standing = batch.Query(Sql.SelectAgencyStanding, r => (Code: AgencyCode.Parse(r.GetString(0)), Active: r.GetBoolean(1)),
                ("codes", Sql.Dialect.ListValue(agencies.Select(a => a.Value).Distinct(StringComparer.Ordinal).ToArray())));
            var clashes = batch.Query(RelationalSql.SelectSendClashes, r => r.GetString(0),
                ("sender", sender.Value), ("messageId", messageId), ("id", id.ToString()));
            await s.RunAsync(batch).ConfigureAwait(false);

            var documents = await LoadDocumentsAsync(s, clashes).ConfigureAwait(false);
            return new SendChecks(
                standing.ToDictionary(a => a.Code, a => a.Active),
                documents.Values.FirstOrDefault(d => d.Sender == sender && d.MessageId == messageId),
                documents.GetValueOrDefault(id.ToString()));
        }, cancellationToken);

    /// <summary>
    /// Idempotent under concurrency: the document row goes in first, so a concurrent send of the same (sender, message
    /// id) or document id, on any instance, waits for the first one's outcome and then writes nothing; the first result
    /// is read back once it is committed. The clash shows as no row inserted, or, where the engine commits with the
    /// write's last batch, as a unique violation that rolls the whole send back (<see cref="SqlDialect.CommitsWithLastBatch"/>).
    /// </summary>
    public async Task<SendCommitResult> CommitSendAsync(
        StoredDocument document, AuditEventRecord audit, IReadOnlyList<InlineContent> contents, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteAsync(async s =>
            {
                var rows = new StatementBatch();
                if (!await InsertDocumentAsync(s, rows, document).ConfigureAwait(false)) return (false, await EarlierSendAsync(s, document).ConfigureAwait(false));

                var id = document.Id.ToString();
                await Sql.Dialect.StoreContentsAsync(s, rows, contents).ConfigureAwait(false);
                for (var i = 0; i < document.Parts.Count; i++)
                {
                    var part = document.Parts[i];
                    rows.Add(RelationalSql.InsertPart,
                        ("id", id), ("ordinal", i), ("partId", part.PartId), ("kind", (int)part.Kind), ("fileName", part.FileName),
                        ("contentType", part.ContentType), ("size", part.Size), ("sha256", part.Sha256.Hex));
                }
                for (var i = 0; i < document.Trace.Count; i++)
                {
                    var hop = document.Trace[i];
                    rows.Add(RelationalSql.InsertTraceHop,
                        ("id", id), ("ordinal", i), ("organId", hop.OrganId.Value), ("at", StoredRows.Ticks(hop.Timestamp)));
                }
                for (var i = 0; i < document.Recipients.Count; i++)
                {
                    rows.Add(RelationalSql.InsertDelivery, ("id", id), ("recipient", document.Recipients[i].Value), ("ordinal", i));
                }
                var inbox = document.Recipients.Select(r => InboxEntry(id, r, DeliveryKind.Document, null, document.AcceptedAt));
                await FinishAsync(s, rows, inbox, audit, document.Recipients.Select(r => ChangeTopic.Inbox(r).ChannelName)).ConfigureAwait(false);
                return (true, new SendCommitResult(SendCommitOutcome.Committed, document));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (Sql.Dialect.IsDuplicateKey(e, "documents"))
        {
            return await ReadAsync(s => EarlierSendAsync(s, document), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The document's row: inserted at once where a clash shows as no row (false: it clashed), added to
    /// <paramref name="rows"/> where it raises (see <see cref="RelationalSql.InsertDocument"/>).
    /// </summary>
    private async Task<bool> InsertDocumentAsync(DbSession s, StatementBatch rows, StoredDocument document)
    {
        (string, object?)[] values =
        [
            ("id", document.Id.ToString()),
            ("sender", document.Sender.Value),
            ("messageId", document.MessageId),
            ("subject", document.Subject),
            ("businessType", (int)document.BusinessType),
            ("referenced", document.ReferencedDocumentId?.ToString()),
            ("header", document.Header.ToArray()),
            ("validation", document.Validation?.ToArray()),
            ("acceptedAt", StoredRows.Ticks(document.AcceptedAt)),
        ];
        if (Sql.Dialect.CommitsWithLastBatch)
        {
            rows.Add(Sql.InsertDocument, values);
            return true;
        }
        return await s.ScalarAsync(Sql.InsertDocument, values).ConfigureAwait(false) is not null;
    }

    /// <summary>The outcome of a send that clashed with a committed one: the same message id again, or only its document id taken.</summary>
    private async Task<SendCommitResult> EarlierSendAsync(DbSession s, StoredDocument document)
    {
        var earlier = await LoadDocumentByMessageIdAsync(s, document.Sender, document.MessageId).ConfigureAwait(false);
        return earlier is null
            ? new SendCommitResult(SendCommitOutcome.DocumentIdTaken, null)
            : new SendCommitResult(SendCommitOutcome.DuplicateMessage, earlier);
    }

    public Task RecordEventAsync(AuditEventRecord audit, CancellationToken cancellationToken) =>
        WriteAsync(async s =>
        {
            await FinishAsync(s, audit).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    /// <summary>A pending inbox entry: its cursor is drawn when it is inserted, so it belongs with the ordered rows.</summary>
    private static Statement InboxEntry(string documentId, AgencyCode recipient, DeliveryKind kind, string? reason, DateTimeOffset at) =>
        new(RelationalSql.InsertInboxEntry,
            ("recipient", recipient.Value), ("id", documentId), ("kind", (int)kind), ("reason", reason), ("at", StoredRows.Ticks(at)));

    private async Task<StoredDocument?> LoadDocumentByMessageIdAsync(DbSession s, AgencyCode sender, string messageId)
    {
        var id = await s.ScalarAsync(RelationalSql.SelectDocumentIdByMessageId, ("sender", sender.Value), ("messageId", messageId)).ConfigureAwait(false);
        return id is string documentId ? (await LoadDocumentsAsync(s, [documentId]).ConfigureAwait(false)).Values.FirstOrDefault() : null;
    }

    /// <summary>Documents with their parts, recipients and route (in one round trip where the engine batches); keyed by document id.</summary>
    private async Task<Dictionary<string, StoredDocument>> LoadDocumentsAsync(DbSession s, IEnumerable<string> documentIds)
    {
        var ids = documentIds.Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) return new Dictionary<string, StoredDocument>(StringComparer.Ordinal);
        var list = ("ids", Sql.Dialect.ListValue(ids));
        var batch = new StatementBatch();
        var rows = batch.Query(Sql.SelectDocuments, StoredRows.Document, list);
        var parts = batch.Query(Sql.SelectParts, x => (Id: x.GetString(0), Part: StoredRows.Part(x)), list);
        var recipients = batch.Query(Sql.SelectRecipients, x => (Id: x.GetString(0), Code: AgencyCode.Parse(x.GetString(1))), list);
        var trace = batch.Query(Sql.SelectTrace,
            x => (Id: x.GetString(0), Hop: new TraceHop(AgencyCode.Parse(x.GetString(1)), StoredRows.Time(x.GetInt64(2)))), list);
        await s.RunAsync(batch).ConfigureAwait(false);

        var partsOf = parts.ToLookup(p => p.Id, p => p.Part, StringComparer.Ordinal);
        var recipientsOf = recipients.ToLookup(p => p.Id, p => p.Code, StringComparer.Ordinal);
        var traceOf = trace.ToLookup(p => p.Id, p => p.Hop, StringComparer.Ordinal);
        return rows.ToDictionary(
            row => row.DocumentId,
            row => new StoredDocument(
                DocumentId.Parse(row.DocumentId), row.Sender, row.MessageId, recipientsOf[row.DocumentId].ToList(), row.Subject,
                row.BusinessType, row.ReferencedDocumentId, row.Header, row.Validation, row.AcceptedAt,
                partsOf[row.DocumentId].ToList(), traceOf[row.DocumentId].ToList()),
            StringComparer.Ordinal);
    }
}
