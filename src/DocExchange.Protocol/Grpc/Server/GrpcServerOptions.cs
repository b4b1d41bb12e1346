using System.IO.Compression;
using DocExchange.Protocol.Grpc.Wire;
using Google.Protobuf.Reflection;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>Server-wide settings of the gRPC endpoint.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, before and after decompression; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message a handler may send; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// A request stream that sends no bytes for this long in the middle of a message is ended with DEADLINE_EXCEEDED;
    /// so is one that pauses this long between messages, except in duplex calls (where the client may legitimately wait
    /// for answers before its next message). Null: no limit.
    /// </summary>
    public TimeSpan? RequestIdleTimeout { get; set; }

    /// <summary>Compress responses with this encoding ("gzip") when the client accepts it; null for none.</summary>
    public string? ResponseCompression { get; set; }

    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>Put the exception type and message in the status of an unhandled handler exception. Off in production.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Files whose every service method must have a handler; <c>MapGrpcServices</c> throws at start-up,
    /// listing the missing methods, when one does not.
    /// </summary>
    public IList<FileDescriptor> RequiredServiceFiles { get; } = [];
}
