namespace DocExchange.Protocol.Grpc.Server;

/// <summary>
/// Runs around every call, in registration order, before the request is read and until the handler
/// has finished. Throw <see cref="RpcException"/> to end the call with that status (e.g. UNAUTHENTICATED).
/// </summary>
public interface IGrpcServerInterceptor
{
    Task InterceptAsync(ServerCallContext context, Func<Task> next);
}
