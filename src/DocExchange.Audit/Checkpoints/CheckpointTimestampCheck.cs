using DocExchange.Audit.Export;

namespace DocExchange.Audit.Checkpoints;

/// <summary>The "checkpoint.timestamp" check of a signed checkpoint's optional RFC 3161 token.</summary>
public static class CheckpointTimestampCheck
{
    public const string Name = "checkpoint.timestamp";

    /// <summary>
    /// Passes when the token verifies with <paramref name="verify"/> (reporting the latest proven time, genTime plus the
    /// token's accuracy), or when <paramref name="required"/> is false and there is no token, or no verifier, or the
    /// verifier could check only that the token covers the body (no TSA trust anchor). A token issued for another body
    /// always fails.
    /// </summary>
    /// <param name="verify">Null when nothing can parse the token: it is then reported as not checked.</param>
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
        string claimed = Checkpoint.TryParseBody(signed.Body, out var checkpoint, out _) ? $"; the checkpoint says {AuditTime.ToText(checkpoint.Time)}" : "";
        string accuracy = result.Accuracy is { } a ? $" plus its accuracy of {Describe(a)}" : ", which states no accuracy";
        string bound = $"genTime {Exact(result.Time!.Value)}{accuracy}{claimed}";
        if (!result.AuthorityTrusted)
        {
            return new AuditCheck(Name, !required,
                $"The RFC 3161 token covers this checkpoint's body (its message imprint is the body's SHA-256) and says {bound}; its TSA '{result.Authority}' was not checked: no TSA trust anchor was given, so the time is not proven.");
        }
        return new AuditCheck(Name, true,
            $"The checkpoint body existed by {Exact(result.Latest!.Value)} at the latest ({bound}), as proven by an RFC 3161 token of {result.Authority}.");
    }

    /// <summary>A time in UTC to the tick, without trailing zeros: a proven bound is never rounded.</summary>
    private static string Exact(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(TimeSpan accuracy) =>
        accuracy.TotalSeconds >= 1 && accuracy.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{accuracy.TotalSeconds:0} s"
        : $"{accuracy.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms";
}
