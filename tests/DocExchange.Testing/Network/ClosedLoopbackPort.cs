using System.Net;
using System.Net.Sockets;

namespace DocExchange.Testing.Network;

/// <summary>
/// A loopback port where nothing listens for as long as this is held: a socket is bound to it without listening, so
/// connecting is refused, and the kernel gives the port to no one else who asks for a free one. (A port found free and
/// released at once may be taken by another process, and then answered, before the test uses it.)
/// </summary>
public sealed class ClosedLoopbackPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedLoopbackPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
