using DocExchange.Audit.Export;

namespace DocExchange.Audit.Checkpoints;

/// <summary>The "checkpoint.timestamp" check of a signed checkpoint's optional RFC 3161 token.</summary>
public static class CheckpointTimestampCheck
{
    public const string Name = "checkpoint.timestamp";

    /// <summary>
    /// Passes when the token verifies with <paramref name="verify"/> (reporting the proven time), or when there is no
    /// token (or no verifier to check it with) and <paramref name="required"/> is false.
    /// </summary>
    /// <param name="verify">Null when the auditor gave no TSA trust anchor: a token is then reported as not checked.</param>
    public static AuditCheck Check(SignedCheckpoint signed, CheckpointTimestampVerifier? verify, bool required)
    {
        ArgumentNullException.ThrowIfNull(signed);
        if (signed.TimestampToken is not { Length: > 0 } token)
        {
            return new AuditCheck(Name, !required, required
                ? "No timestamp: the checkpoint carries no RFC 3161 token, and one is required."
                : "No timestamp: the checkpoint carries no RFC 3161 token (its time rests on the audit key alone).");
        }
        if (verify is null)
        {
            return new AuditCheck(Name, !required,
                "The checkpoint carries an RFC 3161 token, not checked: no TSA trust anchor was given to verify it against.");
        }
        CheckpointTimestampResult result;
        try
        {
            result = verify(token, signed.Body);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            result = CheckpointTimestampResult.Invalid($"the token cannot be read: {e.Message}");
        }
        if (!result.IsValid)
        {
            return new AuditCheck(Name, false, $"The RFC 3161 timestamp does not prove the checkpoint's time: {result.FailureReason}.");
        }
        string claimed = Checkpoint.TryParseBody(signed.Body, out var checkpoint, out _) ? $" (the checkpoint says {AuditTime.ToText(checkpoint.Time)})" : "";
        return new AuditCheck(Name, true,
            $"The checkpoint body existed by {result.Time!.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}{claimed}, as proven by an RFC 3161 token of {result.Authority}.");
    }
}
