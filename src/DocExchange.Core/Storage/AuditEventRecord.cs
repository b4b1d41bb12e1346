using DocExchange.Core.Auditing;

namespace DocExchange.Core.Storage;

/// <summary>
/// An audit event, committed in the same transaction as the change it records. The store assigns
/// <see cref="Sequence"/> (0-based, contiguous, in commit order) and keeps the event's canonical bytes, which are
/// the leaf of the Merkle log at that index (docs/AUDIT-FORMAT.md). Never carries document contents.
/// </summary>
/// <param name="Sequence">Assigned by the store; 0 before it is stored.</param>
/// <param name="OccurredAt">When it happened; the trail keeps whole microseconds (UTC).</param>
/// <param name="Actor">Who acted: an agency or a role, with the certificate it presented.</param>
/// <param name="Action">What was done, one of <see cref="AuditActions"/>.</param>
/// <param name="DocumentId">The document concerned, or empty.</param>
/// <param name="Recipients">Agency codes the event is addressed to, in order (a send's recipients, a status's recipient).</param>
/// <param name="ContentHashes">SHA-256 of each part (and of the validation report) for a send; empty otherwise.</param>
/// <param name="Outcome">"ok", or the refusal ("denied", …).</param>
/// <param name="Detail">A short machine-readable note (e.g. "status=03"); never document contents.</param>
public sealed record AuditEventRecord(
    long Sequence,
    DateTimeOffset OccurredAt,
    ExchangeActor Actor,
    string Action,
    string DocumentId,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<PartHash> ContentHashes,
    string Outcome,
    string Detail)
{
    /// <summary>An event about no document, with no recipients and no content (registry changes, denied calls, start-up).</summary>
    public static AuditEventRecord Simple(DateTimeOffset occurredAt, ExchangeActor actor, string action, string outcome, string detail) =>
        new(0, occurredAt, actor, action, string.Empty, [], [], outcome, detail);
}
