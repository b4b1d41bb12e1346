using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DocExchange.Protocol.Grpc;

/// <summary>A method with its message types and parsers, built from the protobuf descriptor.</summary>
public sealed class GrpcMethod<TRequest, TResponse> : IGrpcMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    internal GrpcMethod(MethodDescriptor descriptor, MethodType type, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        Descriptor = descriptor;
        Type = type;
        ServiceName = descriptor.Service.FullName;
        Name = descriptor.Name;
        FullName = "/" + ServiceName + "/" + Name;
        RequestParser = requestParser;
        ResponseParser = responseParser;
    }

    public MethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    public string FullName { get; }

    public MethodDescriptor Descriptor { get; }

    public MessageParser<TRequest> RequestParser { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    public override string ToString() => FullName;
}

/// <summary>Creates <see cref="GrpcMethod{TRequest,TResponse}"/> objects from protobuf descriptors.</summary>
public static class GrpcMethod
{
    /// <summary>The method type implied by the descriptor's streaming flags.</summary>
    public static MethodType TypeOf(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
    }

    /// <summary>
    /// Builds the method named <paramref name="methodName"/> of <paramref name="service"/>, checking that its
    /// streaming flags give <paramref name="expectedType"/> and its message types are the generic arguments.
    /// </summary>
    public static GrpcMethod<TRequest, TResponse> Create<TRequest, TResponse>(ServiceDescriptor service, string methodName, MethodType expectedType)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(service);
        var descriptor = service.FindMethodByName(methodName)
            ?? throw new ArgumentException($"Service '{service.FullName}' has no method '{methodName}'.", nameof(methodName));
        return Create<TRequest, TResponse>(descriptor, expectedType);
    }

    public static GrpcMethod<TRequest, TResponse> Create<TRequest, TResponse>(MethodDescriptor descriptor, MethodType expectedType)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var actualType = TypeOf(descriptor);
        if (actualType != expectedType)
        {
            throw new ArgumentException($"Method '{descriptor.FullName}' is {actualType} in its proto, not {expectedType}.", nameof(expectedType));
        }

        var requestParser = ParserOf<TRequest>(descriptor.InputType, descriptor, "request");
        var responseParser = ParserOf<TResponse>(descriptor.OutputType, descriptor, "response");
        return new GrpcMethod<TRequest, TResponse>(descriptor, actualType, requestParser, responseParser);
    }

    private static MessageParser<T> ParserOf<T>(MessageDescriptor messageType, MethodDescriptor method, string role)
        where T : class, IMessage<T>
    {
        if (messageType.ClrType != typeof(T) || messageType.Parser is not MessageParser<T> parser)
        {
            throw new ArgumentException(
                $"Method '{method.FullName}' takes {role} '{messageType.FullName}' ({messageType.ClrType}), not {typeof(T)}.");
        }

        return parser;
    }
}
