using DocExchange.Server.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DocExchange.Server.Hosting;

/// <summary>Kestrel's connection, header, HTTP/2 and timing limits, from DocExchange:Abuse.</summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerLimits limits, AbuseOptions abuse)
    {
        limits.MaxConcurrentConnections = abuse.MaxConcurrentConnections;
        limits.MaxRequestHeadersTotalSize = abuse.MaxRequestHeadersTotalSize;
        limits.MaxRequestHeaderCount = abuse.MaxRequestHeaderCount;
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(abuse.KeepAliveTimeoutSeconds);
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(abuse.RequestHeadersTimeoutSeconds);
        // Applies to HTTP/2 request bodies too (server-wide; per request it can only be switched off, which the gRPC
        // transport does for streaming calls and replaces with its idle-read timeout).
        limits.MinRequestBodyDataRate = new MinDataRate(abuse.MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(abuse.MinRequestBodyGraceSeconds));
        limits.Http2.MaxStreamsPerConnection = abuse.MaxStreamsPerConnection;
        limits.Http2.HeaderTableSize = abuse.HeaderTableSize;
        limits.Http2.MaxFrameSize = abuse.MaxFrameSize;
        limits.Http2.MaxRequestHeaderFieldSize = abuse.MaxRequestHeaderFieldSize;
    }
}
