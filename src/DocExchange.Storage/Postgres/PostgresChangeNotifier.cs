using System.Threading.Channels;
using DocExchange.Core.Notifications;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// Change notifications across server instances over PostgreSQL LISTEN/NOTIFY. The store NOTIFYs each changed
/// topic's <see cref="ChangeTopic.ChannelName"/> inside the committing transaction, so a notification exists exactly
/// when the change is committed. Here one dedicated connection LISTENs to the channels that local subscribers wait
/// on and wakes them. A subscriber is also woken when its channel's LISTEN takes effect, and every subscriber is
/// woken after the connection is re-established: a commit made while this instance was not listening is then
/// found by the re-query, so no change is lost across a reconnect (subscribers read the store; a spurious wake-up is harmless).
/// </summary>
public sealed class PostgresChangeNotifier : IChangeNotifier, IAsyncDisposable
{
    /// <summary>The application_name of the listening connection, as pg_stat_activity shows it.</summary>
    public const string ListenerApplicationName = "DocExchange listener";

    private readonly string _connectionString;
    private readonly TimeSpan _firstRetryDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChannelState> _channels = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private CancellationTokenSource? _waitInterrupt;
    private bool _dirty;

    /// <param name="connectionString">The listening connection's; it is opened unpooled and kept open.</param>
    public PostgresChangeNotifier(string connectionString, TimeSpan firstRetryDelay, TimeSpan maxRetryDelay, ILogger logger)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = ListenerApplicationName,
            // While waiting, Npgsql sends a keepalive query this often, so a silently dropped connection is noticed.
            KeepAlive = 15,
        }.ConnectionString;
        _firstRetryDelay = firstRetryDelay;
        _maxRetryDelay = maxRetryDelay < firstRetryDelay ? firstRetryDelay : maxRetryDelay;
        _logger = logger;
        _loop = Task.Run(ListenAsync);
    }

    public IChangeSignal Subscribe(ChangeTopic topic)
    {
        var signal = new Signal(this, topic.ChannelName);
        CancellationTokenSource? interrupt = null;
        lock (_gate)
        {
            if (!_channels.TryGetValue(signal.Channel, out var channel))
            {
                channel = new ChannelState();
                _channels[signal.Channel] = channel;
            }
            channel.Signals.Add(signal);
            if (!channel.Listening)
            {
                _dirty = true;
                interrupt = _waitInterrupt;
            }
        }
        // Off this thread: the listening loop must not resume inside Subscribe.
        _ = interrupt?.CancelAsync();
        return signal;
    }

    /// <summary>
    /// Wakes this instance's subscribers at once. Other instances learn of the change from the NOTIFY that the store
    /// sent inside the committing transaction.
    /// </summary>
    public ValueTask PublishAsync(ChangeTopic topic, CancellationToken cancellationToken)
    {
        Raise(topic.ChannelName);
        return ValueTask.CompletedTask;
    }

    private void Raise(string channelName)
    {
        Signal[] targets;
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelName, out var channel)) return;
            targets = [.. channel.Signals];
        }
        foreach (var signal in targets) signal.Raise();
    }

    private void Remove(Signal signal)
    {
        lock (_gate)
        {
            if (_channels.TryGetValue(signal.Channel, out var channel) && channel.Signals.Remove(signal) && channel.Signals.Count == 0)
            {
                _dirty = true; // UNLISTEN at the next occasion; no need to interrupt a wait for that
            }
        }
    }

    private async Task ListenAsync()
    {
        var retryDelay = _firstRetryDelay;
        while (!_stopping.IsCancellationRequested)
        {
            var connection = new NpgsqlConnection(_connectionString);
            connection.Notification += OnNotification;
            try
            {
                await connection.OpenAsync(_stopping.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    // A new session listens to nothing: LISTEN every channel again, which wakes every subscriber.
                    foreach (var channel in _channels.Values) channel.Listening = false;
                    _dirty = true;
                }
                retryDelay = _firstRetryDelay;
                while (true)
                {
                    await SynchroniseAsync(connection).ConfigureAwait(false);
                    CancellationTokenSource interrupt;
                    lock (_gate)
                    {
                        if (_stopping.IsCancellationRequested) return;
                        if (_dirty) continue;
                        interrupt = new CancellationTokenSource();
                        _waitInterrupt = interrupt;
                    }
                    try
                    {
                        await connection.WaitAsync(interrupt.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
                    {
                        // A subscription to a new channel, or disposal.
                    }
                    finally
                    {
                        lock (_gate) _waitInterrupt = null;
                    }
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!_stopping.IsCancellationRequested)
            {
                // Whatever broke the session (server restart, network, terminated backend), start a new one.
                _logger.LogWarning(e, "The PostgreSQL change listener lost its connection; reconnecting in {Delay}", retryDelay);
            }
            finally
            {
                connection.Notification -= OnNotification;
                await DisposeQuietlyAsync(connection).ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(retryDelay, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, _maxRetryDelay.Ticks));
        }
    }

    /// <summary>LISTENs to channels that gained subscribers, UNLISTENs those that lost them, then wakes the newly listened ones.</summary>
    private async Task SynchroniseAsync(NpgsqlConnection connection)
    {
        List<string> listen, unlisten;
        lock (_gate)
        {
            _dirty = false;
            listen = [.. _channels.Where(c => !c.Value.Listening && c.Value.Signals.Count > 0).Select(c => c.Key)];
            unlisten = [.. _channels.Where(c => c.Value.Listening && c.Value.Signals.Count == 0).Select(c => c.Key)];
            foreach (var idle in _channels.Where(c => !c.Value.Listening && c.Value.Signals.Count == 0).Select(c => c.Key).ToList())
            {
                _channels.Remove(idle);
            }
        }
        if (listen.Count == 0 && unlisten.Count == 0) return;

        var sql = string.Join(";", listen.Select(c => $"LISTEN {QuoteIdentifier(c)}").Concat(unlisten.Select(c => $"UNLISTEN {QuoteIdentifier(c)}")));
        await using (var command = new NpgsqlCommand(sql, connection))
        {
            await command.ExecuteNonQueryAsync(_stopping.Token).ConfigureAwait(false);
        }

        var wake = new List<Signal>();
        lock (_gate)
        {
            foreach (var name in listen)
            {
                if (!_channels.TryGetValue(name, out var channel)) continue;
                channel.Listening = true;
                wake.AddRange(channel.Signals);
            }
            foreach (var name in unlisten)
            {
                if (!_channels.TryGetValue(name, out var channel)) continue;
                channel.Listening = false;
                if (channel.Signals.Count > 0) _dirty = true; // subscribed again meanwhile: LISTEN again (and wake)
                else _channels.Remove(name);
            }
        }
        // Anything committed before the LISTEN took effect is visible to the re-query these wake-ups cause.
        foreach (var signal in wake) signal.Raise();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e) => Raise(e.Channel);

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task DisposeQuietlyAsync(NpgsqlConnection connection)
    {
        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
        {
            // The connection is already broken; nothing to release.
        }
    }

    public async ValueTask DisposeAsync()
    {
        CancellationTokenSource? interrupt;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            _stopping.Cancel();
            interrupt = _waitInterrupt;
        }
        if (interrupt is not null) await interrupt.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class ChannelState
    {
        public HashSet<Signal> Signals { get; } = [];

        /// <summary>LISTEN has taken effect on the current connection.</summary>
        public bool Listening { get; set; }
    }

    private sealed class Signal(PostgresChangeNotifier owner, string channel) : IChangeSignal
    {
        // Capacity one, extra writes dropped: any number of changes before a wait wake it once.
        private readonly Channel<bool> _wakeUps = System.Threading.Channels.Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

        public string Channel { get; } = channel;

        public void Raise() => _wakeUps.Writer.TryWrite(true);

        public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
            await _wakeUps.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

        public void Dispose()
        {
            owner.Remove(this);
            _wakeUps.Writer.TryComplete();
        }
    }
}
