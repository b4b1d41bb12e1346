using DocExchange.Client.Transport;
using DocExchange.Protocol.Grpc.Client;

namespace DocExchange.Client;

/// <summary>
/// The client an agency's document-management system embeds: sends documents, receives its inbox, fetches
/// content, posts and follows statuses, and (for operators) manages the registry. Thread-safe; create one per
/// server and identity, and reuse it.
/// </summary>
/// <remarks>
/// Failures are <see cref="DocExchangeException"/> carrying the gRPC status and the server's message; the
/// caller's cancellation is an <see cref="OperationCanceledException"/>. Transient failures are retried as
/// <see cref="DocExchangeClientOptions.Retry"/> says: UNAVAILABLE for every call that is safe to repeat (reads,
/// and writes carrying a message id), DEADLINE_EXCEEDED for reads only, and for the other writes only when the
/// connection could not even be opened.
/// </remarks>
public sealed partial class DocExchangeClient : IDisposable, IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly List<IDisposable> _owned = [];
    private readonly CallRunner _calls;

    /// <summary>Creates a client; throws <see cref="ArgumentException"/> for incomplete or unreadable options. Connects on the first call.</summary>
    public DocExchangeClient(DocExchangeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        try
        {
            _channel = ChannelFactory.Create(options, _owned);
        }
        catch
        {
            DisposeOwned();
            throw;
        }

        _calls = new CallRunner(_channel.CallInvoker, options);
    }

    /// <summary>The options the client was created with.</summary>
    public DocExchangeClientOptions Options { get; }

    /// <summary>Closes the connections.</summary>
    public void Dispose()
    {
        _channel.Dispose();
        DisposeOwned();
    }

    /// <summary>Closes the connections.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void DisposeOwned()
    {
        foreach (var item in _owned)
        {
            item.Dispose();
        }

        _owned.Clear();
    }
}
