using System.Collections.Concurrent;
using DocExchange.Protocol.Grpc.Wire;

namespace DocExchange.Protocol.Grpc.Client;

/// <summary>
/// A connection target for gRPC calls over HTTP/2: http:// for h2c with prior knowledge, https:// for
/// TLS. Thread-safe; create one per server and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);
    private readonly string _baseAddress;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must use http:// (h2c) or https://.", nameof(address));
        }

        if (options.SendCompression is not null && !GrpcCompression.IsSupported(options.SendCompression))
        {
            throw new ArgumentException($"Send compression '{options.SendCompression}' is not supported.", nameof(options));
        }

        Address = address;
        Options = options;
        _baseAddress = address.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var handler = options.HttpHandler ?? GrpcChannelOptions.CreateDefaultHandler();
        var disposeHandler = options.HttpHandler is null || options.DisposeHttpHandler;
        HttpInvoker = new HttpMessageInvoker(handler, disposeHandler);
        CallInvoker = new GrpcCallInvoker(this);
    }

    public Uri Address { get; }

    /// <summary>Starts calls on this channel.</summary>
    public GrpcCallInvoker CallInvoker { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker HttpInvoker { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address ?? throw new ArgumentNullException(nameof(address))), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    public GrpcCallInvoker CreateCallInvoker() => CallInvoker;

    public void Dispose() => HttpInvoker.Dispose();

    internal Uri GetMethodUri(IGrpcMethod method) =>
        _methodUris.GetOrAdd(method.FullName, static (path, baseAddress) => new Uri(baseAddress + path), _baseAddress);
}
