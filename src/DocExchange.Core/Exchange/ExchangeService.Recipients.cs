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
    /// The sender adds or removes recipients of a document it sent (edXML business type 2, Nghị định 30/2020 Art. 18).
    /// Added agencies must be registered, active and not already recipients; they get the document in their inbox.
    /// Removed agencies must be current recipients; they get a <see cref="Delivery.DeliveryKind.RecipientRemoved"/>
    /// notice with the reason, the document leaves their received listing, and from then on it is NotFound for them
    /// (they keep what they already fetched, but the exchange no longer serves it to them). Their earlier statuses stay
    /// in the sender's history and the audit trail. At least one recipient must remain.
    /// </summary>
    /// <returns>The document's recipients after the change, in delivery order.</returns>
    public async Task<IReadOnlyList<AgencyCode>> UpdateRecipientsAsync(
        AgencyCode sender, string documentId, IReadOnlyList<string> add, IReadOnlyList<string> remove, string? reason,
        ExchangeActor? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(remove);
        actor = ActorFor(sender, actor);
        var id = ParseDocumentId(documentId);
        FieldRules.Length(reason, "reason", _options.MaxStatusDescriptionLength);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var added = add.Select(code => ParseCode(code, "recipient to add")).Distinct().ToList();
        var removed = remove.Select(code => ParseCode(code, "recipient to remove")).Distinct().ToList();
        if (added.Count == 0 && removed.Count == 0)
            throw ExchangeException.InvalidArgument("name at least one recipient to add or to remove");
        var both = added.Where(removed.Contains).ToList();
        if (both.Count > 0)
            throw ExchangeException.InvalidArgument($"agency {both[0]} is both added and removed: name it in one list only");
        if (added.Contains(sender))
            throw ExchangeException.InvalidArgument($"agency {sender} sent the document and cannot be one of its recipients");
        await RequireActiveSenderAsync(sender, cancellationToken).ConfigureAwait(false);
        foreach (var recipient in added)
        {
            await RequireActiveRecipientAsync(recipient, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < MaxTransitionAttempts; attempt++)
        {
            var document = await _store.FindDocumentAsync(id, cancellationToken).ConfigureAwait(false);
            if (document is null || document.Sender != sender)
                throw ExchangeException.NotFound($"document {id} was not found among the documents agency {sender} sent");
            var current = document.Recipients;
            foreach (var recipient in added.Where(current.Contains))
                throw ExchangeException.FailedPrecondition($"agency {recipient} is already a recipient of document {id}");
            foreach (var recipient in removed.Where(r => !current.Contains(r)))
                throw ExchangeException.FailedPrecondition(
                    $"agency {recipient} is not a recipient of document {id}; its recipients are: {string.Join(", ", current)}");
            var after = current.Where(r => !removed.Contains(r)).Concat(added).ToList();
            if (after.Count == 0)
                throw ExchangeException.FailedPrecondition(
                    $"removing {string.Join(", ", removed)} would leave document {id} without recipients: add another recipient, or recall the document");
            if (after.Count > _options.MaxRecipients)
                throw ExchangeException.InvalidArgument($"document {id} would have {after.Count} recipients; at most {_options.MaxRecipients} are allowed");

            var now = Now;
            var audit = new AuditEventRecord(0, now, actor, AuditActions.RecipientsUpdated, id.ToString(),
                added.Concat(removed).Select(r => r.Value).ToList(), [], AuditActions.OutcomeOk, RecipientsDetail(added, removed));
            if (await _store.ChangeRecipientsAsync(new RecipientsChange(id, current, added, removed, reason, now), audit, cancellationToken)
                    .ConfigureAwait(false))
            {
                await AuditCommittedAsync().ConfigureAwait(false);
                foreach (var recipient in added.Concat(removed))
                {
                    await _notifier.PublishAsync(ChangeTopic.Inbox(recipient), CancellationToken.None).ConfigureAwait(false);
                }
                return after;
            }
        }
        throw ExchangeException.Unavailable($"the recipients of document {id} kept changing while they were updated: retry");
    }

    // The reason stays out of the trail's detail, as a status description does: it is free text of the agencies.
    private static string RecipientsDetail(IReadOnlyList<AgencyCode> added, IReadOnlyList<AgencyCode> removed) =>
        $"added={string.Join(',', added)};removed={string.Join(',', removed)}";
}
