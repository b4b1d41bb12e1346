using System.Net;

namespace DocExchange.Testing.Calls;

/// <summary>The HTTP handler test channels use: HTTP/2 with more connections when one runs out of streams.</summary>
public static class Http2Handlers
{
    public static SocketsHttpHandler Create() => new()
    {
        EnableMultipleHttp2Connections = true,
        AutomaticDecompression = DecompressionMethods.None,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
    };
}
