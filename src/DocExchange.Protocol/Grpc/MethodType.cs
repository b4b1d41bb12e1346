namespace DocExchange.Protocol.Grpc;

/// <summary>The four kinds of RPC, by whether each side streams.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}
