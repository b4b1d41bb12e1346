using System.IO.Compression;
using System.Net;
using DocExchange.Protocol.Grpc.Wire;

namespace DocExchange.Protocol.Grpc.Client;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The HTTP handler to send through, e.g. one from <see cref="CreateDefaultHandler"/> with TLS client
    /// certificates set. Null: a default <see cref="SocketsHttpHandler"/> owned by the channel.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Dispose <see cref="HttpHandler"/> with the channel.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>Largest response message accepted, before and after decompression; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>Largest request message sent; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress request messages with this encoding ("gzip"); null for none.</summary>
    public string? SendCompression { get; set; }

    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>Deadline of calls whose <see cref="CallOptions.Deadline"/> is not set; null for none.</summary>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>The handler a channel uses by default: HTTP/2 with more than one connection when streams run out.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        AutomaticDecompression = DecompressionMethods.None,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
    };
}
