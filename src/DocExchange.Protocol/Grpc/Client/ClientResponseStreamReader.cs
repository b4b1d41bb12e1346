namespace DocExchange.Protocol.Grpc.Client;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientResponseStreamReader<TResponse>(IClientResponseSource<TResponse> call) : IAsyncStreamReader<TResponse>
    where TResponse : class
{
    public TResponse Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var message = await call.ReadResponseAsync(cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return false;
        }

        Current = message;
        return true;
    }
}

internal interface IClientResponseSource<TResponse>
    where TResponse : class
{
    /// <summary>The next response, or null at the end of an OK call; throws <see cref="RpcException"/> otherwise.</summary>
    Task<TResponse?> ReadResponseAsync(CancellationToken cancellationToken);
}
