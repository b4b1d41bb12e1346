using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Client;

/// <summary>Starts calls on a <see cref="GrpcChannel"/>; the Grpc.Core CallInvoker shape.</summary>
public sealed class GrpcCallInvoker
{
    private readonly GrpcChannel _channel;

    internal GrpcCallInvoker(GrpcChannel channel)
    {
        _channel = channel;
    }

    public AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckType(method, MethodType.Unary);
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcClientCall<TRequest, TResponse>(_channel, method, options, request);
        return new AsyncUnaryCall<TResponse>(call.StartSingleResponse(), call);
    }

    /// <summary>A unary call that returns the response, or throws <see cref="RpcException"/>.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using var call = AsyncUnaryCall(method, request, options);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    public AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckType(method, MethodType.ClientStreaming);
        var call = new GrpcClientCall<TRequest, TResponse>(_channel, method, options, null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            new ClientRequestStreamWriter<TRequest>(call, options.WriteOptions),
            call.StartSingleResponse(),
            call);
    }

    public AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckType(method, MethodType.ServerStreaming);
        ArgumentNullException.ThrowIfNull(request);
        var call = new GrpcClientCall<TRequest, TResponse>(_channel, method, options, request);
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStreamReader<TResponse>(call), call);
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        CheckType(method, MethodType.DuplexStreaming);
        var call = new GrpcClientCall<TRequest, TResponse>(_channel, method, options, null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new ClientRequestStreamWriter<TRequest>(call, options.WriteOptions),
            new ClientResponseStreamReader<TResponse>(call),
            call);
    }

    private static void CheckType(IGrpcMethod method, MethodType expected)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is {method.Type}, not {expected}.", nameof(method));
        }
    }
}
