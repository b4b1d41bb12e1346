namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// What a token verifier found. Valid when the token's message imprint is the hash of the body and its own signature
/// verifies; then <see cref="Time"/> is its genTime, <see cref="Accuracy"/> its stated accuracy (RFC 3161 §2.4.2; null
/// when the token states none) and <see cref="Authority"/> names the TSA. <see cref="AuthorityTrusted"/> says whether the
/// TSA was also found to chain to a trust anchor the auditor gave; without one, the time is the token's word only.
/// </summary>
public sealed record CheckpointTimestampResult(bool IsValid, DateTimeOffset? Time, string? Authority, string? FailureReason)
{
    public TimeSpan? Accuracy { get; init; }

    public bool AuthorityTrusted { get; init; } = true;

    /// <summary>The latest time the body is proven to have existed: genTime plus the accuracy (genTime alone when none is stated).</summary>
    public DateTimeOffset? Latest => Time is { } time ? time + (Accuracy ?? TimeSpan.Zero) : null;

    public static CheckpointTimestampResult Valid(DateTimeOffset time, string authority, TimeSpan? accuracy = null) =>
        new(true, time, authority, null) { Accuracy = accuracy };

    /// <summary>The token covers the body and is intact, but its TSA was not checked against any trust anchor.</summary>
    public static CheckpointTimestampResult CoversBodyOnly(DateTimeOffset time, string authority, TimeSpan? accuracy) =>
        new(true, time, authority, null) { Accuracy = accuracy, AuthorityTrusted = false };

    public static CheckpointTimestampResult Invalid(string reason) => new(false, null, null, reason);
}

/// <summary>Verifies an RFC 3161 token over a checkpoint body (injected: the audit library does not parse CMS).</summary>
/// <param name="token">The DER TimeStampToken.</param>
/// <param name="body">The exact signed checkpoint body the token must cover (its SHA-256 is the message imprint).</param>
public delegate CheckpointTimestampResult CheckpointTimestampVerifier(byte[] token, byte[] body);
