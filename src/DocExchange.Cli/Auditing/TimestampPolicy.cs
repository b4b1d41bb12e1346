using DocExchange.Audit.Checkpoints;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// How <see cref="AuditTrailVerifier"/> judges checkpoint timestamps: <see cref="Verify"/> checks a token (against the
/// TSA roots given, or only its imprint and own signature without them), and <see cref="Required"/> makes a missing or unproven token a failure.
/// </summary>
public sealed record TimestampPolicy(CheckpointTimestampVerifier? Verify, bool Required);
