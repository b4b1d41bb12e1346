using System.Threading.Channels;

namespace DocExchange.Core.Notifications;

/// <summary>Change notifications between the components of one process.</summary>
public sealed class InProcessChangeNotifier : IChangeNotifier
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ChangeTopic, HashSet<Signal>> _subscribers = [];

    public IChangeSignal Subscribe(ChangeTopic topic)
    {
        var signal = new Signal(this, topic);
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(topic, out var set))
            {
                set = [];
                _subscribers[topic] = set;
            }
            set.Add(signal);
        }
        return signal;
    }

    public ValueTask PublishAsync(ChangeTopic topic, CancellationToken cancellationToken)
    {
        Signal[] targets;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(topic, out var set)) return ValueTask.CompletedTask;
            targets = [.. set];
        }
        foreach (var signal in targets) signal.Raise();
        return ValueTask.CompletedTask;
    }

    private void Remove(Signal signal)
    {
        lock (_gate)
        {
            if (_subscribers.TryGetValue(signal.Topic, out var set) && set.Remove(signal) && set.Count == 0)
            {
                _subscribers.Remove(signal.Topic);
            }
        }
    }

    private sealed class Signal(InProcessChangeNotifier owner, ChangeTopic topic) : IChangeSignal
    {
        // Capacity one, extra writes dropped: any number of changes before a wait wake it once.
        private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

        public ChangeTopic Topic { get; } = topic;

        public void Raise() => _channel.Writer.TryWrite(true);

        public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
            await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

        public void Dispose()
        {
            owner.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
