using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>
    /// Sends a document. Checks the header, the sender and every recipient before reading any content; streams the
    /// parts to the blob store (SHA-256 computed on the way, declared sizes and hashes checked); then commits the
    /// document, every recipient's inbox entry, the audit event and the small parts' content in one transaction, and
    /// wakes the recipients.
    /// Idempotent by (sender, message id): an exact repeat (same header, parts and content) returns the first result
    /// with <see cref="SendResult.Duplicate"/> set and stores nothing; it reads no content when every part declares its
    /// SHA-256, else it reads and measures the content without keeping it. A send that reuses the message id for
    /// something else is refused with AlreadyExists naming the difference, and audited (<see cref="AuditActions.SendConflict"/>).
    /// </summary>
    /// <param name="content">The parts' chunks, part after part in declared order (see <see cref="PartChunk"/>).</param>
    public Task<SendResult> SendAsync(OutgoingDocument document, IAsyncEnumerable<PartChunk> content, CancellationToken cancellationToken) =>
        SendAsync(document, content, actor: null, cancellationToken);

    /// <summary>
    /// Everything a send checks before it reads any content: the metadata and limits, the sender, every recipient,
    /// the replaced document and the document id; for a message id seen before, that the send repeats the stored
    /// document (else AlreadyExists, audited). Lets a caller refuse or answer a send before the upload arrives.
    /// </summary>
    /// <param name="actor">The caller as the audit trail records it; the sender without a certificate when null.</param>
    public async Task<SendPreflight> PreflightSendAsync(OutgoingDocument document, ExchangeActor? actor, CancellationToken cancellationToken)
    {
        actor = ActorFor(document.Sender, actor);
        var (validated, _, earlier) = await CheckBeforeContentAsync(document, cancellationToken).ConfigureAwait(false);
        if (earlier is null) return SendPreflight.NewDocument;
        if (RepeatedSend.InMetadata(earlier, validated, _options.HeaderComparer) is { } difference)
            throw await SendConflictAsync(earlier, document, difference, actor, cancellationToken).ConfigureAwait(false);
        return RepeatedSend.ContentDeclared(document) ? SendPreflight.Answered(new SendResult(earlier, Duplicate: true)) : SendPreflight.RepeatToCompare;
    }

    /// <returns>The checked document, its id, and the document first sent under its message id (null when new).</returns>
    private async Task<(ValidatedDocument Validated, DocumentId Id, StoredDocument? Earlier)> CheckBeforeContentAsync(
        OutgoingDocument document, CancellationToken cancellationToken)
    {
        var validated = OutgoingDocumentValidator.Validate(document, _options);
        var sender = document.Sender;
        var date = document.PromulgationDate ?? DateOnly.FromDateTime(Now.ToOffset(_options.DocumentDateOffset).DateTime);
        var id = new DocumentId(sender, date, document.CodeNumber.Trim(), document.CodeNotation.Trim());
        // The agencies, the message id and the document id in one read; checked below in the order they always were.
        var checks = await _store.ReadSendChecksAsync(sender, document.MessageId, id, [sender, .. validated.Recipients], cancellationToken)
            .ConfigureAwait(false);
        RequireActiveSender(sender, checks.Agencies.TryGetValue(sender, out var senderActive) ? senderActive : null);

        if (checks.ByMessageId is { } earlier) return (validated, earlier.Id, earlier);

        foreach (var recipient in validated.Recipients)
        {
            RequireActiveRecipient(recipient, checks.Agencies.TryGetValue(recipient, out var active) ? active : null);
        }
        if (document.BusinessType == BusinessDocType.Replace)
        {
            var replaced = validated.ReferencedDocumentId!;
            var original = await _store.FindDocumentAsync(replaced, cancellationToken).ConfigureAwait(false);
            if (original is null || original.Sender != sender)
                throw ExchangeException.NotFound($"document {replaced}, which this one replaces, was not found among the documents agency {sender} sent");
        }

        if (checks.ById is { } existing)
        {
            // A concurrent send of this very message (another connection, another server instance) may have
            // committed since its message id was looked up: that is a repeat, not a clash.
            if (existing.Sender == sender && existing.MessageId == document.MessageId) return (validated, id, existing);
            throw DocumentIdTaken(id);
        }

        return (validated, id, null);
    }

    /// <inheritdoc cref="SendAsync(OutgoingDocument, IAsyncEnumerable{PartChunk}, CancellationToken)"/>
    /// <param name="actor">The caller as the audit trail records it; the sender without a certificate when null.</param>
    public Task<SendResult> SendAsync(
        OutgoingDocument document, IAsyncEnumerable<PartChunk> content, ExchangeActor? actor, CancellationToken cancellationToken) =>
        SendAsync(document, content, written: null, actor, cancellationToken);

    /// <summary>
    /// A blob writer for a part's content written before the send (<see cref="SendAsync(OutgoingDocument, IAsyncEnumerable{PartChunk}, IReadOnlyDictionary{string, IBlobWriter}?, ExchangeActor?, CancellationToken)"/>):
    /// so that a reader of the content (validation) and the blob store share one pass over it. Its owner disposes it;
    /// nothing it wrote is kept unless the send commits it.
    /// </summary>
    /// <param name="declaredSize">The part's declared size (write no more): a small part may be held in memory (<see cref="IBlobWriter.Inline"/>).</param>
    public Task<IBlobWriter> BeginPartAsync(long declaredSize, CancellationToken cancellationToken) => _blobs.BeginWriteAsync(declaredSize, cancellationToken);

    /// <inheritdoc cref="SendAsync(OutgoingDocument, IAsyncEnumerable{PartChunk}, CancellationToken)"/>
    /// <param name="written">
    /// Parts whose whole content is in a writer from <see cref="BeginPartAsync"/>, not yet completed, by part id: their
    /// chunks in <paramref name="content"/> carry no bytes and only mark where they came. Their size and declared SHA-256
    /// are checked as every part's, on what the writer wrote and hashed.
    /// </param>
    /// <param name="actor">The caller as the audit trail records it; the sender without a certificate when null.</param>
    public async Task<SendResult> SendAsync(
        OutgoingDocument document, IAsyncEnumerable<PartChunk> content, IReadOnlyDictionary<string, IBlobWriter>? written, ExchangeActor? actor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sender = document.Sender;
        actor = ActorFor(sender, actor);
        var (validated, id, earlier) = await CheckBeforeContentAsync(document, cancellationToken).ConfigureAwait(false);
        if (earlier is not null) return await AnswerRepeatAsync(earlier, validated, content, written, actor, cancellationToken).ConfigureAwait(false);

        // The receiver holds the parts kept inline until the transaction below has stored them.
        await using var receiver = PartContentReceiver.Storing(_blobs, written);
        var parts = await receiver.ReceiveAsync(document.Parts, content, cancellationToken).ConfigureAwait(false);
        var inline = await receiver.CommitAsync(cancellationToken).ConfigureAwait(false);

        var acceptedAt = Now;
        var stored = new StoredDocument(
            id, sender, document.MessageId, validated.Recipients, document.Subject.Trim(), document.BusinessType,
            validated.ReferencedDocumentId, document.Header.ToArray(), document.Validation?.ToArray(), acceptedAt, parts,
            [new TraceHop(sender, acceptedAt)]);
        var audit = SendAudit(stored, actor, document.ValidationOutcome);

        var commit = await _store.CommitSendAsync(stored, audit, inline, cancellationToken).ConfigureAwait(false);
        switch (commit.Outcome)
        {
            case SendCommitOutcome.Committed:
                await AuditCommittedAsync().ConfigureAwait(false);
                foreach (var recipient in validated.Recipients)
                {
                    await _notifier.PublishAsync(ChangeTopic.Inbox(recipient), CancellationToken.None).ConfigureAwait(false);
                }
                return new SendResult(commit.Document ?? stored, Duplicate: false);
            case SendCommitOutcome.DuplicateMessage:
                // A concurrent send of the message id committed first: this one is a repeat of it, or a conflict.
                var first = commit.Document!;
                if ((RepeatedSend.InMetadata(first, validated, _options.HeaderComparer) ?? RepeatedSend.InContent(first, parts)) is { } difference)
                    throw await SendConflictAsync(first, document, difference, actor, cancellationToken).ConfigureAwait(false);
                return new SendResult(first, Duplicate: true);
            default:
                throw DocumentIdTaken(id);
        }
    }

    /// <summary>
    /// Answers a send whose message id was used before: the first result when it repeats the stored document exactly
    /// (reading and measuring the content, storing nothing, when not every part declared its SHA-256); else refused.
    /// </summary>
    private async Task<SendResult> AnswerRepeatAsync(
        StoredDocument earlier, ValidatedDocument validated, IAsyncEnumerable<PartChunk> content, IReadOnlyDictionary<string, IBlobWriter>? written,
        ExchangeActor actor, CancellationToken cancellationToken)
    {
        var document = validated.Document;
        var difference = RepeatedSend.InMetadata(earlier, validated, _options.HeaderComparer);
        if (difference is null && !RepeatedSend.ContentDeclared(document))
        {
            await using var measuring = PartContentReceiver.MeasuringOnly(written);
            var received = await measuring.ReceiveAsync(document.Parts, content, cancellationToken).ConfigureAwait(false);
            difference = RepeatedSend.InContent(earlier, received);
        }
        if (difference is not null) throw await SendConflictAsync(earlier, document, difference, actor, cancellationToken).ConfigureAwait(false);
        return new SendResult(earlier, Duplicate: true);
    }

    /// <summary>
    /// Records a conflicting repeat in the audit trail (the caller, the document first sent under the message id, the
    /// message id and what differs) and returns the refusal to throw.
    /// </summary>
    private async Task<ExchangeException> SendConflictAsync(
        StoredDocument earlier, OutgoingDocument repeat, SendDifference difference, ExchangeActor actor, CancellationToken cancellationToken)
    {
        var detail = $"messageId={AuditText(repeat.MessageId)};differs={difference.Field}"
            + (difference.PartId is { } partId ? $";part={AuditText(partId)}" : string.Empty);
        var audit = new AuditEventRecord(0, Now, actor, AuditActions.SendConflict, earlier.Id.ToString(), [], [], AuditActions.OutcomeDenied, detail);
        await _store.RecordEventAsync(audit, cancellationToken).ConfigureAwait(false);
        await AuditCommittedAsync().ConfigureAwait(false);
        return ExchangeException.AlreadyExists(
            $"message id '{repeat.MessageId}' was already used for document {earlier.Id}, and this send differs from it in {difference.Description}: "
            + "a repeat must be identical to the first send; send a different document under a new message id");
    }

    /// <summary>Client text in an audit detail: at most 64 characters, none of the detail's separators (docs/AUDIT-FORMAT.md §6).</summary>
    private static string AuditText(string text)
    {
        const int max = 64;
        var kept = new string(text.Take(max).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' ? c : '?').ToArray());
        return text.Length > max ? kept + "…" : kept;
    }

    /// <summary>
    /// The audit event of a send: its recipients, the SHA-256 of every part (and of the validation report, as part
    /// "validation-report"), and the validation outcome in the detail.
    /// </summary>
    private static AuditEventRecord SendAudit(StoredDocument stored, ExchangeActor actor, string? validationOutcome)
    {
        var hashes = stored.Parts.Select(p => new PartHash(p.PartId, p.Sha256)).ToList();
        if (stored.Validation is { Length: > 0 } report)
        {
            hashes.Add(new PartHash(ValidationReportPartId, Sha256Digest.FromBytes(System.Security.Cryptography.SHA256.HashData(report.Span))));
        }
        var validation = string.IsNullOrWhiteSpace(validationOutcome) ? "none" : validationOutcome.Trim();
        return new AuditEventRecord(0, stored.AcceptedAt, actor, AuditActions.DocumentSent, stored.Id.ToString(),
            stored.Recipients.Select(r => r.Value).ToList(), hashes, AuditActions.OutcomeOk,
            $"type={stored.BusinessType};validation={AuditDetail.Escape(validation)}");
    }

    /// <summary>The content-hash name of the validation report in a send's audit event.</summary>
    public const string ValidationReportPartId = "validation-report";

    /// <summary>The agency acting, as given by the server, or the agency itself when none is given.</summary>
    private static ExchangeActor ActorFor(AgencyCode agency, ExchangeActor? actor)
    {
        if (actor is null) return ExchangeActor.ForAgency(agency);
        if (actor.Role == ExchangeActor.AgencyRole && actor.OrganId != agency.Value)
            throw new ArgumentException($"The actor is agency {actor.OrganId} but the request acts as agency {agency}.", nameof(actor));
        return actor;
    }

    private async Task RequireActiveRecipientAsync(AgencyCode recipient, CancellationToken cancellationToken) =>
        RequireActiveRecipient(recipient, (await _store.FindAgencyAsync(recipient, cancellationToken).ConfigureAwait(false))?.Active);

    /// <param name="active">Whether the recipient is active; null when it is not registered.</param>
    private static void RequireActiveRecipient(AgencyCode recipient, bool? active)
    {
        if (active is null)
            throw ExchangeException.NotFound($"recipient agency {recipient} is not registered: check the code, or ask an operator to register it");
        if (active == false)
            throw ExchangeException.FailedPrecondition($"recipient agency {recipient} is deactivated and cannot receive documents: remove it from the recipients");
    }

    private static ExchangeException DocumentIdTaken(DocumentId id) =>
        ExchangeException.AlreadyExists(
            $"document {id} already exists under another message id: sender, date, number and notation must be unique; give this document its own number (số)");
}
