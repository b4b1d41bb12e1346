using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;

namespace DocExchange.Client;

/// <summary>
/// The outcome of <see cref="DocExchangeClient.VerifyCheckpointAsync"/>: whether the server's checkpoint is signed by
/// the trusted key and, when an earlier checkpoint was given, extends it (no fork).
/// </summary>
/// <param name="IsValid">Both checks passed.</param>
/// <param name="Signed">The checkpoint the server gave, to keep for the next comparison once valid.</param>
/// <param name="Message">What was proven, or why not.</param>
public sealed record AuditCheckpointVerification(bool IsValid, SignedCheckpoint Signed, string Message);

/// <summary>
/// The outcome of <see cref="DocExchangeClient.VerifyEventAsync"/>: whether one event is in the log the trusted key
/// signed, checked locally from its leaf bytes and inclusion proof.
/// </summary>
/// <param name="IsValid">The checkpoint is signed by the trusted key and the event's leaf is included in its tree.</param>
/// <param name="Event">The event decoded from its canonical leaf bytes, when they were well formed.</param>
/// <param name="Checkpoint">The checkpoint the event was checked against, once its signature verified.</param>
/// <param name="Message">What was proven, or why not.</param>
public sealed record AuditEventVerification(bool IsValid, AuditEvent? Event, Checkpoint? Checkpoint, string Message);
