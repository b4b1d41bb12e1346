using DocExchange.Server.Configuration;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Services;

/// <summary>
/// Counts the sends being validated and stored, and, with <see cref="AbuseOptions.MaxConcurrentSends"/> set, bounds
/// them: the rest wait here, holding only their received upload, so that the CPU left over serves the recipients' push
/// streams and status posts. Without a bound, many senders on a saturated server are answered as fast as ever while
/// deliveries may lag further and further behind (docs/OPERATIONS.md, "Under overload").
/// </summary>
public sealed class SendAdmission(IOptions<DocExchangeOptions> options) : IDisposable
{
    private readonly SemaphoreSlim? _slots = options.Value.Abuse.MaxConcurrentSends is { } bound ? new(bound, bound) : null;
    private int _waiting;
    private int _inProgress;

    /// <summary>Sends waiting for their turn.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Sends being validated and stored.</summary>
    public int InProgress => Volatile.Read(ref _inProgress);

    /// <summary>Waits for a turn, if sends are bounded; dispose the result when the send is stored or refused.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        if (_slots is not null && !_slots.Wait(0))
        {
            using var waiting = Telemetry.ExchangeTelemetry.Source.StartActivity("docexchange.send.wait");
            Interlocked.Increment(ref _waiting);
            try
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        Interlocked.Increment(ref _inProgress);
        return new Turn(this);
    }

    private void Leave()
    {
        Interlocked.Decrement(ref _inProgress);
        _slots?.Release();
    }

    public void Dispose() => _slots?.Dispose();

    /// <summary>A send's turn, given back when disposed.</summary>
    public readonly struct Turn(SendAdmission admission) : IDisposable
    {
        public void Dispose() => admission.Leave();
    }
}
