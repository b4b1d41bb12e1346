namespace DocExchange.Protocol.Grpc.Client;

/// <summary>The request stream of a client-streaming or duplex call; each write is flushed to the network.</summary>
internal sealed class ClientRequestStreamWriter<TRequest>(IClientRequestSink<TRequest> call, WriteOptions? writeOptions) : IClientStreamWriter<TRequest>
{
    private int _writing;
    private bool _completed;

    public WriteOptions? WriteOptions { get; set; } = writeOptions;

    public Task WriteAsync(TRequest message) => WriteAsync(message, CancellationToken.None);

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream has already been completed.");
        }

        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("Only one write of the request stream can be pending at a time.");
        }

        try
        {
            await call.WriteRequestAsync(message, WriteOptions, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        if (Volatile.Read(ref _writing) == 1)
        {
            throw new InvalidOperationException("The request stream cannot be completed while a write is pending.");
        }

        _completed = true;
        call.CompleteRequests();
        return Task.CompletedTask;
    }
}

internal interface IClientRequestSink<in TRequest>
{
    Task WriteRequestAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken);

    void CompleteRequests();
}
