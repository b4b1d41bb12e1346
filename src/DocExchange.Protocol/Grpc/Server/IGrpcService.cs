namespace DocExchange.Protocol.Grpc.Server;

/// <summary>A gRPC service: binds a handler for each of its methods. Instances are singletons.</summary>
public interface IGrpcService
{
    void Bind(GrpcServiceBinder binder);
}
