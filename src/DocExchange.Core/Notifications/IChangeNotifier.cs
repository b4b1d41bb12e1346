namespace DocExchange.Core.Notifications;

/// <summary>
/// Wakes subscribers when committed changes may interest them. In one process: <see cref="InProcessChangeNotifier"/>;
/// across processes sharing PostgreSQL: LISTEN/NOTIFY on <see cref="ChangeTopic.ChannelName"/>.
/// A notification carries no data; subscribers read the store, so a lost or spurious wake-up is harmless.
/// </summary>
public interface IChangeNotifier
{
    /// <summary>Subscribe before reading the backlog, so nothing committed in between is missed.</summary>
    IChangeSignal Subscribe(ChangeTopic topic);

    /// <summary>Called after a commit.</summary>
    ValueTask PublishAsync(ChangeTopic topic, CancellationToken cancellationToken);
}
