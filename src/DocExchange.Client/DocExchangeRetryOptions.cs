namespace DocExchange.Client;

/// <summary>
/// How the client retries transient failures (UNAVAILABLE, and DEADLINE_EXCEEDED for idempotent reads) and
/// how it resumes the endless streams. Errors the server reports about the request itself
/// (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, …) are never retried. The defaults wait about 18 to 36 seconds in
/// all before giving up, long enough for a server restart.
/// </summary>
public sealed class DocExchangeRetryOptions
{
    /// <summary>Attempts of one call, the first included; 1 turns retries off. Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; later waits grow by <see cref="BackoffMultiplier"/>. Default 500 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between two attempts. Default 10 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Growth of the wait from one retry to the next. Default 2.</summary>
    public double BackoffMultiplier { get; set; } = 2;

    /// <summary>Randomises each wait (between half and all of it) so that many clients do not retry in step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// Reconnections of an inbox or status stream in a row without receiving anything, before the enumeration
    /// gives up with the last error; null to retry for ever. Default 10.
    /// </summary>
    public int? MaxStreamReconnectAttempts { get; set; } = 10;

    /// <summary>Called before each retry or reconnection, e.g. to log it. Must not throw.</summary>
    public Action<RetryAttempt>? OnRetry { get; set; }

    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "Retry.MaxAttempts must be at least 1 (1 turns retries off).");
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "Retry.InitialBackoff must be non-negative and Retry.MaxBackoff at least Retry.InitialBackoff.");
        }

        if (BackoffMultiplier < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BackoffMultiplier), BackoffMultiplier, "Retry.BackoffMultiplier must be at least 1.");
        }

        if (MaxStreamReconnectAttempts is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxStreamReconnectAttempts), MaxStreamReconnectAttempts, "Retry.MaxStreamReconnectAttempts may not be negative.");
        }
    }
}
