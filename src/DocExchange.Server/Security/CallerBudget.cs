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

    public CallerBudget(double capacity, double refillPerSecond, DateTimeOffset now)
    {
        _capacity = capacity;
        _refillPerSecond = refillPerSecond;
        _tokens = capacity;
        _refilledAt = now;
    }

    /// <summary>Takes a token for a new call; when none is left, how long until one will be.</summary>
    public bool TryTakeToken(DateTimeOffset now, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            Refill(now);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _refillPerSecond);
            return false;
        }
    }

    public bool TryEnter(int maxOpen)
    {
        lock (_lock)
        {
            if (_open >= maxOpen)
            {
                return false;
            }

            _open++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            _open--;
        }
    }

    /// <summary>No open call and a full bucket: forgetting this budget changes nothing.</summary>
    public bool IsIdle(DateTimeOffset now)
    {
        lock (_lock)
        {
            Refill(now);
            return _open == 0 && _tokens >= _capacity;
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
