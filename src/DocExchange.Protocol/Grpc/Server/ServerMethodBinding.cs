using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>A bound method: reads the request(s), runs the handler, writes the response(s).</summary>
internal abstract class ServerMethodBinding
{
    public abstract IGrpcMethod Method { get; }

    public abstract Task InvokeAsync(ServerCallContext context);
}

internal sealed class UnaryMethodBinding<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IGrpcMethod Method => method;

    public override async Task InvokeAsync(ServerCallContext context)
    {
        var request = await context.ReadSingleRequestAsync(method.RequestParser).ConfigureAwait(false);
        var response = await handler(request, context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The handler of {method.FullName} returned no response.");
        await context.WriteMessageAsync(response, null, context.CancellationToken).ConfigureAwait(false);
    }
}

internal sealed class ClientStreamingMethodBinding<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    ClientStreamingServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IGrpcMethod Method => method;

    public override async Task InvokeAsync(ServerCallContext context)
    {
        var requests = new ServerRequestStreamReader<TRequest>(context, method.RequestParser);
        var response = await handler(requests, context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The handler of {method.FullName} returned no response.");
        await context.WriteMessageAsync(response, null, context.CancellationToken).ConfigureAwait(false);
    }
}

internal sealed class ServerStreamingMethodBinding<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    ServerStreamingServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IGrpcMethod Method => method;

    public override async Task InvokeAsync(ServerCallContext context)
    {
        var request = await context.ReadSingleRequestAsync(method.RequestParser).ConfigureAwait(false);
        await handler(request, new ServerResponseStreamWriter<TResponse>(context), context).ConfigureAwait(false);
    }
}

internal sealed class DuplexStreamingMethodBinding<TRequest, TResponse>(
    GrpcMethod<TRequest, TResponse> method,
    DuplexStreamingServerMethod<TRequest, TResponse> handler) : ServerMethodBinding
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override IGrpcMethod Method => method;

    public override Task InvokeAsync(ServerCallContext context) =>
        handler(
            new ServerRequestStreamReader<TRequest>(context, method.RequestParser),
            new ServerResponseStreamWriter<TResponse>(context),
            context);
}
