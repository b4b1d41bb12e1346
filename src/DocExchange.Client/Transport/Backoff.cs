namespace DocExchange.Client.Transport;

/// <summary>Exponential backoff with optional jitter, shared by call retries and stream reconnections.</summary>
internal sealed class Backoff(DocExchangeRetryOptions options)
{
    /// <summary>The wait after failed attempt number <paramref name="failedAttempts"/> (1 for the first failure).</summary>
    public TimeSpan Delay(int failedAttempts)
    {
        var exponent = Math.Min(Math.Max(failedAttempts - 1, 0), 30);
        var ticks = options.InitialBackoff.Ticks * Math.Pow(options.BackoffMultiplier, exponent);
        var capped = Math.Min(ticks, options.MaxBackoff.Ticks);
        if (options.UseJitter)
        {
            // Between half and all of the wait.
            capped *= 0.5 + (Random.Shared.NextDouble() * 0.5);
        }

        return TimeSpan.FromTicks((long)capped);
    }
}
