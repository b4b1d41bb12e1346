using DocExchange.Client.Transport;
using DocExchange.Protocol.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace DocExchange.Client;

/// <summary>
/// The client an agency's document-management system embeds: sends documents, receives its inbox, fetches
/// content, posts and follows statuses, and (for operators) manages the registry. Thread-safe; create one per
/// server and identity, and reuse it (or register it with
/// <see cref="DocExchangeClientServiceCollectionExtensions.AddDocExchangeClient"/>).
/// </summary>
/// <remarks>
/// Calls go over a Grpc.Net.Client <see cref="GrpcChannel"/>; the generated clients are there too
/// (<see cref="ExchangeClient"/>, <see cref="RegistryClient"/>, <see cref="AuditClient"/>, <see cref="SigningClient"/>)
/// for whatever this class does not wrap. Failures are <see cref="DocExchangeException"/> carrying the gRPC status and
/// the server's message; the caller's cancellation is an <see cref="OperationCanceledException"/>. Transient failures
/// are retried as <see cref="DocExchangeClientOptions.Retry"/> says: UNAVAILABLE for every call that is safe to repeat
/// (reads, and writes carrying a message id), DEADLINE_EXCEEDED for reads only, and for the other writes only when the
/// connection could not even be opened.
/// </remarks>
public sealed partial class DocExchangeClient : IDisposable, IAsyncDisposable
{
    private readonly GrpcChannel? _channel;
    private readonly List<IDisposable> _owned = [];
    private readonly CallRunner _calls;

    /// <summary>Creates a client with its own channel; throws <see cref="ArgumentException"/> for incomplete or unreadable options. Connects on the first call.</summary>
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

        _calls = new CallRunner(Intercepted(_channel.CreateCallInvoker(), options), options);
        (ExchangeClient, RegistryClient, AuditClient, SigningClient) = GeneratedClients(_calls.Invoker);
    }

    /// <summary>
    /// Creates a client over a call invoker that someone else owns, e.g. one from Grpc.Net.ClientFactory (see
    /// <see cref="DocExchangeClientServiceCollectionExtensions.AddDocExchangeClient"/>). The TLS settings of
    /// <paramref name="options"/> are then the channel's business; its retries, timeouts and interceptors apply.
    /// </summary>
    public DocExchangeClient(CallInvoker invoker, DocExchangeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _calls = new CallRunner(Intercepted(invoker, options), options);
        (ExchangeClient, RegistryClient, AuditClient, SigningClient) = GeneratedClients(_calls.Invoker);
    }

    /// <summary>The options the client was created with.</summary>
    public DocExchangeClientOptions Options { get; }

    /// <summary>The generated docexchange.v1.Exchange client, over the same channel and interceptors (no retries).</summary>
    public Exchange.ExchangeClient ExchangeClient { get; }

    /// <summary>The generated docexchange.v1.Registry client, over the same channel and interceptors (no retries).</summary>
    public Registry.RegistryClient RegistryClient { get; }

    /// <summary>The generated docexchange.v1.Audit client, over the same channel and interceptors (no retries).</summary>
    public Protocol.V1.Audit.AuditClient AuditClient { get; }

    /// <summary>The generated docexchange.v1.Signing client, over the same channel and interceptors (no retries).</summary>
    public Signing.SigningClient SigningClient { get; }

    /// <summary>Closes the connections, when the client made its own channel.</summary>
    public void Dispose()
    {
        _channel?.Dispose();
        DisposeOwned();
    }

    /// <summary>Closes the connections, when the client made its own channel.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static CallInvoker Intercepted(CallInvoker invoker, DocExchangeClientOptions options) =>
        options.Interceptors.Count == 0 ? invoker : invoker.Intercept([.. options.Interceptors]);

    private static (Exchange.ExchangeClient, Registry.RegistryClient, Protocol.V1.Audit.AuditClient, Signing.SigningClient) GeneratedClients(CallInvoker invoker) =>
        (new Exchange.ExchangeClient(invoker), new Registry.RegistryClient(invoker), new Protocol.V1.Audit.AuditClient(invoker), new Signing.SigningClient(invoker));

    private void DisposeOwned()
    {
        foreach (var item in _owned)
        {
            item.Dispose();
        }

        _owned.Clear();
    }
}
