using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>Collects the handlers that services bind for their methods.</summary>
public sealed class GrpcServiceBinder
{
    private readonly Dictionary<string, ServerMethodBinding> _bindings = new(StringComparer.Ordinal);

    /// <summary>Every method bound so far.</summary>
    public IEnumerable<IGrpcMethod> BoundMethods => _bindings.Values.Select(b => b.Method);

    internal IReadOnlyDictionary<string, ServerMethodBinding> Bindings => _bindings;

    public GrpcServiceBinder AddUnary<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Add(method, MethodType.Unary, handler, () => new UnaryMethodBinding<TRequest, TResponse>(method, handler));

    public GrpcServiceBinder AddClientStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Add(method, MethodType.ClientStreaming, handler, () => new ClientStreamingMethodBinding<TRequest, TResponse>(method, handler));

    public GrpcServiceBinder AddServerStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Add(method, MethodType.ServerStreaming, handler, () => new ServerStreamingMethodBinding<TRequest, TResponse>(method, handler));

    public GrpcServiceBinder AddDuplexStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
        => Add(method, MethodType.DuplexStreaming, handler, () => new DuplexStreamingMethodBinding<TRequest, TResponse>(method, handler));

    private GrpcServiceBinder Add(IGrpcMethod method, MethodType expected, Delegate handler, Func<ServerMethodBinding> create)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is {method.Type}; bind it with Add{method.Type}.", nameof(method));
        }

        if (!_bindings.TryAdd(method.FullName, create()))
        {
            throw new InvalidOperationException($"{method.FullName} is bound twice.");
        }

        return this;
    }
}
