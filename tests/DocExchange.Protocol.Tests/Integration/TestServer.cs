using DocExchange.Protocol.Grpc.Client;
using DocExchange.Protocol.Grpc.Server;

namespace DocExchange.Protocol.Tests.Integration;

/// <summary>A real Kestrel on 127.0.0.1 with handlers bound by the test, and a channel to it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(GrpcServerHost host, GrpcChannel channel)
    {
        Host = host;
        Channel = channel;
    }

    public GrpcServerHost Host { get; }

    public GrpcChannel Channel { get; }

    public GrpcCallInvoker Calls => Channel.CallInvoker;

    public static async Task<TestServer> StartAsync(
        Action<GrpcServiceBinder> bind,
        Action<GrpcServerOptions>? configureServer = null,
        Action<GrpcServerBuilder>? configureGrpc = null,
        GrpcChannelOptions? channelOptions = null,
        GrpcServerHostOptions? hostOptions = null)
    {
        var host = await GrpcServerHost.StartAsync(
            grpc =>
            {
                grpc.AddService(new DelegateService(bind));
                if (configureServer is not null)
                {
                    grpc.Configure(configureServer);
                }

                configureGrpc?.Invoke(grpc);
            },
            hostOptions);
        return new TestServer(host, GrpcChannel.ForAddress(host.Address, channelOptions));
    }

    /// <summary>A plain HTTP client for hand-made requests (see <see cref="RawGrpc"/>).</summary>
    public static HttpClient CreateRawHttp2Client() => new(new SocketsHttpHandler());

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Host.DisposeAsync();
    }

    private sealed class DelegateService(Action<GrpcServiceBinder> bind) : IGrpcService
    {
        public void Bind(GrpcServiceBinder binder) => bind(binder);
    }
}
