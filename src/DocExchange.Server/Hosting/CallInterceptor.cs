using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DocExchange.Server.Hosting;

/// <summary>
/// A server interceptor that runs the same code around every kind of call: <see cref="InterceptAsync"/> gets the call
/// and the rest of the pipeline (later interceptors, then the handler) as <c>next</c>. Interceptors run in the order
/// they are added to the gRPC options; throw <see cref="RpcException"/> to end the call with that status.
/// </summary>
public abstract class CallInterceptor : Interceptor
{
    public abstract Task InterceptAsync(ServerCallContext context, Func<Task> next);

    // The handler's own task is the one `next` returns, so no wrapping async lambda is needed: once InterceptAsync has
    // completed, so has that task (every interceptor either awaits `next` or throws).
    public sealed override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse>? handler = null;
        await InterceptAsync(context, () => handler = continuation(request, context)).ConfigureAwait(false);
        return handler is null ? null! : await handler.ConfigureAwait(false);
    }

    public sealed override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Task<TResponse>? handler = null;
        await InterceptAsync(context, () => handler = continuation(requestStream, context)).ConfigureAwait(false);
        return handler is null ? null! : await handler.ConfigureAwait(false);
    }

    public sealed override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        InterceptAsync(context, () => continuation(request, responseStream, context));

    public sealed override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        InterceptAsync(context, () => continuation(requestStream, responseStream, context));
}
