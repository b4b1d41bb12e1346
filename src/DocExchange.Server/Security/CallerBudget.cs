namespace DocExchange.Server.Security;

/// <summary>One caller's token bucket (calls started per second, with a burst) and count of open calls.</summary>
internal sealed class CallerBudget
{
    private readonly Lock _lock = new();
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private double _tokens;
    private DateTimeOffset _refilledAt;
    private int _open;
    private bool _forgotten;

    public CallerBudget(double capacity, double refillPerSecond, DateTimeOffset now)
    {
        _capacity = capacity;
        _refillPerSecond = refillPerSecond;
        _tokens = capacity;
        _refilledAt = now;
    }

    /// <summary>What admitting a call found.</summary>
    public enum Verdict
    {
        Admitted,
        /// <summary>No token left; <c>retryAfter</c> says when one will be.</summary>
        RateLimited,
        /// <summary>A token was taken, but the caller already has the most calls open.</summary>
        ConcurrencyLimited,
        /// <summary>This budget was forgotten (<see cref="TryForget"/>): the caller's calls go to a new one.</summary>
        Forgotten,
    }

    /// <summary>Takes a token for a new call, then opens it if the caller has fewer than <paramref name="maxOpen"/> open.</summary>
    public Verdict TryAdmit(DateTimeOffset now, int maxOpen, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        lock (_lock)
        {
            if (_forgotten)
            {
                return Verdict.Forgotten;
            }

            Refill(now);
            if (_tokens < 1)
            {
                retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _refillPerSecond);
                return Verdict.RateLimited;
            }

            _tokens -= 1;
            if (_open >= maxOpen)
            {
                return Verdict.ConcurrencyLimited;
            }

            _open++;
            return Verdict.Admitted;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _open--;
        }
    }

    /// <summary>
    /// Forgets the budget when that changes nothing (no open call, a full bucket). Decided under the same lock as
    /// admissions, so that no call can be admitted into a budget that is being forgotten.
    /// </summary>
    public bool TryForget(DateTimeOffset now)
    {
        lock (_lock)
        {
            Refill(now);
            _forgotten = _forgotten || (_open == 0 && _tokens >= _capacity);
            return _forgotten;
        }
    }

    private void Refill(DateTimeOffset now)
    {
        var elapsed = (now - _refilledAt).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + elapsed * _refillPerSecond);
            _refilledAt = now;
        }
    }
}
