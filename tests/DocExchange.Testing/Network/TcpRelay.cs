using System.Net;
using System.Net.Sockets;

namespace DocExchange.Testing.Network;

/// <summary>
/// A loopback TCP relay in front of a server port, which misbehaves as a network path can: its open connections can
/// be cut at once (with a TCP reset), frozen (nothing more is read or forwarded either way, as on a stuck path), or
/// slowed to a trickle towards the client. New connections keep being relayed.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Link> _open = [];
    private readonly Lock _sync = new();
    private readonly Task _accepting;
    private volatile Trickle? _trickle;
    private int _accepted;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>https://127.0.0.1:port of the relay (the sample server certificate names 127.0.0.1).</summary>
    public Uri TlsAddress => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Resets every open connection, both towards the client and towards the server.</summary>
    public void DropConnections()
    {
        foreach (var link in TakeOpen())
        {
            Reset(link.Client);
            Reset(link.Server);
        }
    }

    /// <summary>
    /// Freezes every open connection once <paramref name="bytes"/> more bytes have gone <paramref name="direction"/>
    /// on it (at once for 0): from then on it reads and forwards nothing either way, and stays open. Connections
    /// accepted later are relayed normally.
    /// </summary>
    public void FreezeAfter(RelayDirection direction, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_sync)
        {
            foreach (var link in _open)
            {
                link.FreezeAfter(direction, bytes);
            }
        }
    }

    /// <summary>
    /// From now on, on every connection (open or new), forwards at most <paramref name="bytes"/> towards the client
    /// per <paramref name="interval"/>.
    /// </summary>
    public void TrickleToClient(int bytes, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        _trickle = new Trickle(bytes, interval);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        DropConnections();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private Link[] TakeOpen()
    {
        lock (_sync)
        {
            Link[] open = [.. _open];
            _open.Clear();
            return open;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                Reset(client);
                server.Dispose();
                continue;
            }

            var link = new Link(client, server);
            lock (_sync)
            {
                _open.Add(link);
            }

            _ = PumpAsync(link, RelayDirection.ToServer);
            _ = PumpAsync(link, RelayDirection.ToClient);
        }
    }

    private async Task PumpAsync(Link link, RelayDirection direction)
    {
        var (from, to) = direction == RelayDirection.ToServer ? (link.Client, link.Server) : (link.Server, link.Client);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var trickle = direction == RelayDirection.ToClient ? _trickle : null;
                var allowed = link.Allowance(direction, Math.Min(buffer.Length, trickle?.Bytes ?? int.MaxValue));
                if (allowed == 0)
                {
                    await HoldAsync();
                }

                var read = await from.ReceiveAsync(buffer.AsMemory(0, allowed), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (link.Frozen)
                {
                    // Frozen by the other direction while this one was reading: what was read goes nowhere.
                    await HoldAsync();
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                link.Forwarded(direction, read);
                if (trickle is not null)
                {
                    await Task.Delay(trickle.Interval, _stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Reset(to);
        }
    }

    /// <summary>A frozen connection: nothing more until the relay is disposed.</summary>
    private Task HoldAsync() => Task.Delay(Timeout.Infinite, _stop.Token);

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private sealed record Trickle(int Bytes, TimeSpan Interval);

    /// <summary>One relayed connection: its two sockets, and what may still cross it before it freezes.</summary>
    private sealed class Link(Socket client, Socket server)
    {
        private readonly Lock _sync = new();
        private long? _toServerLeft;
        private long? _toClientLeft;

        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public bool Frozen { get; private set; }

        public void FreezeAfter(RelayDirection direction, long bytes)
        {
            lock (_sync)
            {
                if (direction == RelayDirection.ToServer)
                {
                    _toServerLeft = bytes;
                }
                else
                {
                    _toClientLeft = bytes;
                }

                Frozen |= bytes == 0;
            }
        }

        /// <summary>How many bytes the next read may take (0: frozen), at most <paramref name="wanted"/>.</summary>
        public int Allowance(RelayDirection direction, int wanted)
        {
            lock (_sync)
            {
                var left = direction == RelayDirection.ToServer ? _toServerLeft : _toClientLeft;
                return Frozen ? 0 : (int)Math.Min(wanted, left ?? long.MaxValue);
            }
        }

        public void Forwarded(RelayDirection direction, int bytes)
        {
            lock (_sync)
            {
                if (direction == RelayDirection.ToServer && _toServerLeft is { } toServer)
                {
                    _toServerLeft = toServer - bytes;
                    Frozen |= _toServerLeft == 0;
                }
                else if (direction == RelayDirection.ToClient && _toClientLeft is { } toClient)
                {
                    _toClientLeft = toClient - bytes;
                    Frozen |= _toClientLeft == 0;
                }
            }
        }
    }
}
