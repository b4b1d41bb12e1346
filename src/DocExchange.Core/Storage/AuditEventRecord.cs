namespace DocExchange.Core.Storage;

/// <summary>
/// An audit event, committed in the same transaction as the change it records (an outbox row).
/// The audit log consumes them in <see cref="Sequence"/> order.
/// </summary>
/// <param name="Sequence">Assigned by the store; 0 before it is stored.</param>
/// <param name="Actor">Who acted: an agency code or an operator name.</param>
/// <param name="Action">What was done, e.g. "document.send", "status.post", "agency.register".</param>
/// <param name="Subject">What it was done to: a document id or an agency code.</param>
/// <param name="Outcome">"ok", or the refusal.</param>
/// <param name="Detail">A short machine-readable note (e.g. "status=03;recipient=000.00.00.H41"); never document contents.</param>
public sealed record AuditEventRecord(
    long Sequence,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string? Subject,
    string Outcome,
    string? Detail);
