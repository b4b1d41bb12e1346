namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// What a token verifier found: valid when the token covers the body, its signature verifies and its TSA chains to
/// a trusted anchor; then <see cref="Time"/> is the proven time (genTime) and <see cref="Authority"/> names the TSA.
/// </summary>
public sealed record CheckpointTimestampResult(bool IsValid, DateTimeOffset? Time, string? Authority, string? FailureReason)
{
    public static CheckpointTimestampResult Valid(DateTimeOffset time, string authority) => new(true, time, authority, null);

    public static CheckpointTimestampResult Invalid(string reason) => new(false, null, null, reason);
}

/// <summary>Verifies an RFC 3161 token over a checkpoint body (injected: the audit library does not parse CMS).</summary>
/// <param name="token">The DER TimeStampToken.</param>
/// <param name="body">The exact signed checkpoint body the token must cover (its SHA-256 is the message imprint).</param>
public delegate CheckpointTimestampResult CheckpointTimestampVerifier(byte[] token, byte[] body);
