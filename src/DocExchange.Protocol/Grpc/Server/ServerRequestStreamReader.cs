using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class ServerRequestStreamReader<T>(ServerCallContext context, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private int _reading;

    public T Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Only one read of the request stream can be pending at a time.");
        }

        try
        {
            var message = await context.ReadMessageAsync(parser, cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return false;
            }

            Current = message;
            return true;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }
}
