using DocExchange.Audit.Checkpoints;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// How <see cref="AuditTrailVerifier"/> judges checkpoint timestamps: <see cref="Verify"/> checks a token (null when
/// no TSA trust anchor was given), and <see cref="Required"/> makes a missing or unchecked token a failure.
/// </summary>
public sealed record TimestampPolicy(CheckpointTimestampVerifier? Verify, bool Required);
