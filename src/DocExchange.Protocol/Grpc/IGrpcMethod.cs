using Google.Protobuf.Reflection;

namespace DocExchange.Protocol.Grpc;

/// <summary>What is known about a method without its message types.</summary>
public interface IGrpcMethod
{
    MethodType Type { get; }

    /// <summary>Full service name with package, e.g. "docexchange.v1.Exchange".</summary>
    string ServiceName { get; }

    /// <summary>Method name, e.g. "Send".</summary>
    string Name { get; }

    /// <summary>HTTP/2 path, e.g. "/docexchange.v1.Exchange/Send".</summary>
    string FullName { get; }

    MethodDescriptor Descriptor { get; }
}
