using System.Runtime.CompilerServices;
using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Notifications;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    private const int MaxTransitionAttempts = 8;

    /// <summary>
    /// A recipient posts a status (01–06, 15, 16) about a document delivered to it, through the state machine
    /// (<see cref="StatusTransitions"/>). 01 acknowledges the delivery: it is no longer pending. 15/16 answer a recall.
    /// A repeated message id returns the first status.
    /// </summary>
    public Task<StatusRecord> PostStatusAsync(StatusPost post, CancellationToken cancellationToken) =>
        PostStatusAsync(post, actor: null, cancellationToken);

    /// <inheritdoc cref="PostStatusAsync(StatusPost, CancellationToken)"/>
    /// <param name="actor">The caller as the audit trail records it; the reporter without a certificate when null.</param>
    public async Task<StatusRecord> PostStatusAsync(StatusPost post, ExchangeActor? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        actor = ActorFor(post.Reporter, actor);
        StatusPostValidator.ValidateFields(post.Code, post.Description, post.Staff, post.MessageId, _options);
        if (StatusTransitions.PostedBy(post.Code) == StatusReporter.Sender)
            throw ExchangeException.InvalidArgument("status 13 (recall requested) is the sender's: ask for a recall with Recall");
        var id = ParseDocumentId(post.DocumentId);
        var messageId = string.IsNullOrEmpty(post.MessageId) ? null : post.MessageId;

        if (messageId is not null)
        {
            var earlier = await _store.FindStatusByMessageIdAsync(post.Reporter, messageId, cancellationToken).ConfigureAwait(false);
            if (earlier is not null) return SameStatusOrConflict(earlier, id, post.Code, messageId);
        }

        // Visible to its sender and its current recipients, whose delivery state comes with it.
        var document = await _store.FindDocumentDeliveryAsync(id, post.Reporter, cancellationToken).ConfigureAwait(false);
        if (document is null || (document.Sender != post.Reporter && document.Delivery is null)) throw DocumentNotFound(id, post.Reporter);
        if (document.Sender == post.Reporter)
            throw ExchangeException.InvalidArgument(
                $"agency {post.Reporter} sent document {id}: statuses 01–06, 15 and 16 are posted by its recipients");

        var acknowledges = post.Code switch
        {
            StatusCode.Arrived => new[] { DeliveryKind.Document },
            StatusCode.Agreed => [DeliveryKind.RecallRequest, DeliveryKind.Document],
            StatusCode.Refused => [DeliveryKind.RecallRequest],
            _ => [],
        };
        var status = await TransitionAsync(
            id, document.Sender, post.Reporter, actor, new DeliveryToMove(post.Reporter, document.Delivery), post.Code, post.Description, post.Timestamp, post.Staff, messageId,
            acknowledges, enqueue: null, cancellationToken).ConfigureAwait(false);
        await _notifier.PublishAsync(ChangeTopic.Statuses(document.Sender), CancellationToken.None).ConfigureAwait(false);
        return status;
    }

    /// <summary>
    /// The sender asks recipients to give a document back (13, Nghị định 30/2020 Art. 18.4b): each recipient whose
    /// state allows it gets a recall request in its inbox, to answer with 15 or 16. FailedPrecondition when none can.
    /// </summary>
    /// <param name="recipients">Only these recipients; every recipient when null or empty.</param>
    public Task<IReadOnlyList<StatusRecord>> RequestRecallAsync(
        AgencyCode sender, string documentId, string reason, StaffInfo? staff, IReadOnlyList<string>? recipients,
        CancellationToken cancellationToken) =>
        RequestRecallAsync(sender, documentId, reason, staff, recipients, actor: null, cancellationToken);

    /// <inheritdoc cref="RequestRecallAsync(AgencyCode, string, string, StaffInfo?, IReadOnlyList{string}?, CancellationToken)"/>
    /// <param name="actor">The caller as the audit trail records it; the sender without a certificate when null.</param>
    public async Task<IReadOnlyList<StatusRecord>> RequestRecallAsync(
        AgencyCode sender, string documentId, string reason, StaffInfo? staff, IReadOnlyList<string>? recipients,
        ExchangeActor? actor, CancellationToken cancellationToken)
    {
        actor = ActorFor(sender, actor);
        StatusPostValidator.ValidateFields(StatusCode.RecallRequested, reason, staff, null, _options);
        var id = ParseDocumentId(documentId);
        var document = await _store.FindDocumentAsync(id, cancellationToken).ConfigureAwait(false);
        if (document is null || document.Sender != sender)
            throw ExchangeException.NotFound($"document {id} was not found among the documents agency {sender} sent");

        var targets = recipients is { Count: > 0 }
            ? recipients.Select(r => ParseCode(r, "recipient")).Distinct().ToList()
            : document.Recipients.ToList();
        foreach (var target in targets.Where(t => !document.Recipients.Contains(t)))
            throw ExchangeException.InvalidArgument($"agency {target} is not a recipient of document {id}");

        var results = new List<StatusRecord>();
        var refusals = new List<string>();
        foreach (var target in targets)
        {
            try
            {
                results.Add(await TransitionAsync(
                    document.Id, document.Sender, sender, actor, new DeliveryToMove(target, null), StatusCode.RecallRequested, reason, null, staff, null,
                    [], new InboxEntryToEnqueue(DeliveryKind.RecallRequest, reason), cancellationToken).ConfigureAwait(false));
                await _notifier.PublishAsync(ChangeTopic.Inbox(target), CancellationToken.None).ConfigureAwait(false);
            }
            catch (ExchangeException e) when (e.Kind == ExchangeErrorKind.FailedPrecondition)
            {
                refusals.Add(e.Message);
            }
        }
        if (results.Count > 0) await _notifier.PublishAsync(ChangeTopic.Statuses(sender), CancellationToken.None).ConfigureAwait(false);
        if (results.Count == 0)
            throw ExchangeException.FailedPrecondition($"no recipient of document {id} can be asked to give it back: {string.Join("; ", refusals)}");
        return results;
    }

    /// <summary>
    /// The statuses of a sender's documents as an endless stream: those after <paramref name="afterSequence"/>,
    /// a "caught up" marker, then each new one as it commits. Only one document's when <paramref name="documentId"/> is set.
    /// </summary>
    public async IAsyncEnumerable<StatusEvent> WatchStatusesAsync(
        AgencyCode sender, long afterSequence, string? documentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await RequireRegisteredAsync(sender, cancellationToken).ConfigureAwait(false);
        DocumentId? filter = null;
        if (!string.IsNullOrEmpty(documentId))
        {
            filter = ParseDocumentId(documentId);
            var document = await _store.FindDocumentAsync(filter, cancellationToken).ConfigureAwait(false);
            if (document is null || document.Sender != sender)
                throw ExchangeException.NotFound($"document {filter} was not found among the documents agency {sender} sent");
        }

        using var signal = _notifier.Subscribe(ChangeTopic.Statuses(sender));
        var position = Math.Max(afterSequence, 0);
        while (true)
        {
            var page = await _store.ReadSenderStatusesAsync(sender, position, filter, _options.StreamBatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var status in page)
            {
                yield return new StatusEvent(status.Sequence, status);
                position = status.Sequence;
            }
            if (page.Count < _options.StreamBatchSize) break;
        }

        yield return new StatusEvent(position, null);

        while (true)
        {
            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var page = await _store.ReadSenderStatusesAsync(sender, position, filter, _options.StreamBatchSize, cancellationToken).ConfigureAwait(false);
                foreach (var status in page)
                {
                    yield return new StatusEvent(status.Sequence, status);
                    position = status.Sequence;
                }
                if (page.Count < _options.StreamBatchSize) break;
            }
        }
    }

    /// <summary>
    /// A document's statuses in order. Its sender sees every recipient's; a recipient sees only its own.
    /// </summary>
    public async Task<IReadOnlyList<StatusRecord>> GetStatusHistoryAsync(
        AgencyCode caller, string documentId, string? recipient, CancellationToken cancellationToken)
    {
        var document = await GetDocumentAsync(caller, documentId, cancellationToken).ConfigureAwait(false);
        AgencyCode? filter = string.IsNullOrEmpty(recipient) ? null : ParseCode(recipient, "recipient");
        if (document.Sender != caller)
        {
            if (filter is { } other && other != caller)
                throw ExchangeException.PermissionDenied($"agency {caller} may read only its own statuses of document {document.Id}, not those of {other}");
            filter = caller;
        }
        return await _store.GetStatusHistoryAsync(document.Id, filter, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="delivery">The recipient's delivery, with its state when it was read already (used for the first attempt).</param>
    private async Task<StatusRecord> TransitionAsync(
        DocumentId documentId, AgencyCode sender, AgencyCode reporter, ExchangeActor actor, DeliveryToMove delivery, StatusCode code, string? description,
        DateTimeOffset? timestamp, StaffInfo? staff, string? messageId, IReadOnlyList<DeliveryKind> acknowledges,
        InboxEntryToEnqueue? enqueue, CancellationToken cancellationToken)
    {
        var recipient = delivery.Recipient;
        var known = delivery.State;
        for (var attempt = 0; attempt < MaxTransitionAttempts; attempt++)
        {
            var current = known
                ?? await _store.FindDeliveryStateAsync(documentId, recipient, cancellationToken).ConfigureAwait(false)
                ?? throw DocumentNotFound(documentId, recipient);
            known = null;
            if (!StatusTransitions.TryApply(current.State, code, out var next, out var refusal))
            {
                // The delivery may have moved on by a concurrent post of this very message id (on any instance) since
                // the caller checked it: that post's status is then the answer, not a refusal of the same transition.
                if (messageId is not null
                    && await _store.FindStatusByMessageIdAsync(reporter, messageId, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    return SameStatusOrConflict(earlier, documentId, code, messageId);
                }
                var allowed = StatusTransitions.AllowedNext(current.State);
                throw ExchangeException.FailedPrecondition(
                    $"status {code.Describe()} cannot be posted for document {documentId} at {recipient}: it is {current.State}; {refusal}. " +
                    (allowed.Count == 0 ? "No status may follow." : $"Allowed next: {string.Join(", ", allowed.Select(c => c.ToEdxml()))}."));
            }

            var now = Now;
            var record = new StatusRecord(
                0, documentId, sender, recipient, reporter, code, description ?? string.Empty,
                timestamp ?? now, now, staff ?? StaffInfo.Empty, messageId);
            var audit = new AuditEventRecord(0, now, actor, AuditActions.StatusPosted, documentId.ToString(), [recipient.Value], [],
                AuditActions.OutcomeOk, $"status={code.ToEdxml()}");
            var result = await _store.AppendStatusAsync(new StatusAppend(record, current.Version, next, acknowledges, enqueue), audit, cancellationToken)
                .ConfigureAwait(false);
            switch (result.Outcome)
            {
                case StatusAppendOutcome.Appended:
                    await AuditCommittedAsync().ConfigureAwait(false);
                    return result.Status!;
                case StatusAppendOutcome.DuplicateMessage:
                    return SameStatusOrConflict(result.Status!, documentId, code, messageId!);
            }
        }
        throw ExchangeException.Unavailable($"the state of document {documentId} at {recipient} kept changing while the status was posted: retry");
    }

    /// <summary>The recipient whose delivery a status moves, and its state if already read (else read by the transition).</summary>
    private readonly record struct DeliveryToMove(AgencyCode Recipient, DeliveryStateRecord? State);

    private static StatusRecord SameStatusOrConflict(StatusRecord earlier, DocumentId id, StatusCode code, string messageId)
    {
        if (earlier.DocumentId == id && earlier.Code == code) return earlier;
        throw ExchangeException.AlreadyExists(
            $"message id '{messageId}' was already used for status {earlier.Code.ToEdxml()} of document {earlier.DocumentId}: use a new message id for each status");
    }
}
