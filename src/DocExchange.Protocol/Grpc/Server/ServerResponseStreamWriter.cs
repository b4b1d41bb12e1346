using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>The response stream of a server-streaming or duplex call; each write is flushed.</summary>
internal sealed class ServerResponseStreamWriter<T>(ServerCallContext context) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public WriteOptions? WriteOptions
    {
        get => context.WriteOptions;
        set => context.WriteOptions = value;
    }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return context.WriteMessageAsync(message, WriteOptions, cancellationToken);
    }
}
