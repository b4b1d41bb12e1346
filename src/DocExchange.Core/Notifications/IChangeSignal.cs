namespace DocExchange.Core.Notifications;

/// <summary>
/// A subscription to a topic. Signals coalesce: several changes before a wait wake it once, so after waking the
/// subscriber reads everything after its last position. Dispose to unsubscribe.
/// </summary>
public interface IChangeSignal : IDisposable
{
    /// <summary>Completes when a change was published since the subscription or the previous wait.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);
}
