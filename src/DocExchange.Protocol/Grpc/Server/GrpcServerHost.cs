using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>Where and how <see cref="GrpcServerHost"/> listens.</summary>
public sealed class GrpcServerHostOptions
{
    /// <summary>Default: 127.0.0.1 on a free port.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, 0);

    /// <summary>Further endpoint settings, e.g. <c>listen.UseHttps(...)</c> for TLS with client certificates.</summary>
    public Action<ListenOptions>? ConfigureEndpoint { get; set; }

    /// <summary>Anything else: logging, configuration, extra services.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; set; }

    /// <summary>Middleware that runs before the gRPC endpoints, e.g. authentication.</summary>
    public Action<WebApplication>? ConfigureApp { get; set; }
}

/// <summary>A Kestrel HTTP/2 server that serves only gRPC, started on one endpoint. Dispose to stop it.</summary>
public sealed class GrpcServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcServerHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The bound address, e.g. http://127.0.0.1:41234 (h2c) or https://….</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcServerHost> StartAsync(
        Action<GrpcServerBuilder> configureGrpc,
        GrpcServerHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configureGrpc);
        options ??= new GrpcServerHostOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.EndPoint, listen =>
        {
            // HTTP/2 only: h2c with prior knowledge on plain TCP, as gRPC clients expect.
            listen.Protocols = HttpProtocols.Http2;
            options.ConfigureEndpoint?.Invoke(listen);
        }));
        configureGrpc(builder.Services.AddGrpcServer());
        options.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        try
        {
            options.ConfigureApp?.Invoke(app);
            app.MapGrpcServices();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            return new GrpcServerHost(app, new Uri(address));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
