using System.IO.Compression;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Audit.Trail;
using DocExchange.Server.Authorization;
using DocExchange.Server.Configuration;
using DocExchange.Server.Identity;
using DocExchange.Server.Services;
using DocExchange.Server.Signing;
using DocExchange.Server.Hosting.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Serilog;

namespace DocExchange.Server.Hosting;

/// <summary>
/// The DocExchange server: Kestrel serving the gRPC API over HTTP/2, on SQLite (one process) or PostgreSQL (several
/// instances sharing one database, blob folder and audit key; see DocExchange:Storage). Used by Program and,
/// unchanged, by the integration tests, which start it on free loopback ports with a temporary data directory.
/// </summary>
public sealed class DocExchangeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IStorageEngine _storage;
    private readonly AuditLog _audit;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _auditLoop;
    private int _disposed;

    private readonly ScrapeListener? _scrape;

    private DocExchangeServer(WebApplication app, IStorageEngine storage, AuditLog audit, Uri? tlsAddress, Uri? plaintextAddress, ScrapeListener? scrape)
    {
        _scrape = scrape;
        _app = app;
        _storage = storage;
        _audit = audit;
        _auditLoop = audit.RunAsync(_stopping.Token);
        TlsAddress = tlsAddress;
        PlaintextAddress = plaintextAddress;
    }

    /// <summary>https://… of the TLS endpoint, when it is on.</summary>
    public Uri? TlsAddress { get; }

    /// <summary>http://… of the development plaintext endpoint, when it is on.</summary>
    public Uri? PlaintextAddress { get; }

    /// <summary>http://…/metrics of the Prometheus scrape endpoint, when it is on (DocExchange:Telemetry:PrometheusPort).</summary>
    public Uri? MetricsAddress => _scrape?.Address is { } address ? new Uri(address, TelemetrySetup.ScrapePath) : null;

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts the server. <paramref name="args"/> are command-line configuration overrides.</summary>
    public static async Task<DocExchangeServer> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        var options = SettingsRefusals.Bind(builder.Configuration);
        builder.Services.Configure<DocExchangeOptions>(builder.Configuration.GetSection(DocExchangeOptions.SectionName));
        options.Limits.HeaderComparer = DocExchange.Server.Services.Mapping.DocumentHeaderComparer.Instance;
        if (options.Limits.PushContentMaxBytes is < 0 or > Core.ExchangeOptions.MaxPushContentBytes)
        {
            throw new StartupException(
                $"DocExchange:Limits:PushContentMaxBytes is {options.Limits.PushContentMaxBytes}: give a size in bytes from 0 (no content pushed with deliveries) to {Core.ExchangeOptions.MaxPushContentBytes}.");
        }

        if (options.Limits.PushContentMaxBytes > options.Grpc.MaxSendMessageSize / 2)
        {
            // The delivery's header and validation report share the message with the content.
            throw new StartupException(
                $"DocExchange:Limits:PushContentMaxBytes ({options.Limits.PushContentMaxBytes}) is more than half of DocExchange:Grpc:MaxSendMessageSize ({options.Grpc.MaxSendMessageSize}): lower it, or raise the message size.");
        }

        SettingsRefusals.ValidateLimits(options.Limits);
        options.Abuse.Validate();

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var logger = SerilogSetup.CreateLogger(builder.Configuration, Path.Combine(dataDirectory, "logs"));
        builder.Logging.ClearProviders();
        // The host's Serilog integration: every ILogger<T> writes to it, and request logging has its diagnostic context.
        builder.Services.AddSerilog(logger, dispose: true);

        var time = TimeProvider.System;
        // Lives as long as the storage (Npgsql and the change listener log through it); it does not own the logger.
        var storageLogging = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
        IStorageEngine storage;
        try
        {
            storage = await StorageEngines.OpenAsync(options.Storage, dataDirectory, storageLogging, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Writes out what the logger still has queued: no host owns it yet.
            await logger.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        AuditLog? audit = null;
        try
        {
            audit = await OpenAuditAsync(storage, options.Audit, dataDirectory, time, cancellationToken).ConfigureAwait(false);
            audit.Integrator.Failed += e => logger.Error(e, "Integrating audit events into the Merkle log failed");
            audit.Checkpoints.Failed += e => logger.Error(e, "Signing an audit checkpoint failed");
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton(audit);
            builder.Services.AddSingleton(audit.Trail);
            builder.Services.AddSingleton(storage.Activity);
            builder.Services.AddSingleton(storage.CreateExchangeService(options.Limits, time));
            var tsa = await builder.Services.AddDocExchangeSigningAsync(builder.Configuration, dataDirectory, logger, cancellationToken).ConfigureAwait(false);
            if (options.Audit.TimestampCheckpoints)
            {
                audit.Checkpoints.Timestamper = new ServerCheckpointTimestamper(tsa);
            }
            builder.Services.AddSingleton<DocumentSendHandler>();
            builder.Services.AddSingleton<SendAdmission>();
            AddStorageHousekeeping(builder.Services, options.Storage, dataDirectory, storage.Blobs, time);
            var tlsOn = options.Listen.TlsPort >= 0;
            builder.Services.AddDocExchangeSecurity(options, tlsOn ? ServerCertificates.LoadDeploymentClientCas(options.Tls) : Security.DeploymentClientCas.None);
            ConfigureKestrel(builder, options, tlsOn, logger);
            AddGrpc(builder.Services, options);
            var scrape = builder.AddDocExchangeTelemetry(options.Telemetry, Path.Combine(dataDirectory, options.Storage.SpoolDirectory), storage.Blobs.RootDirectory, time);

            var app = builder.Build();
            app.Services.GetRequiredService<Housekeeping.StorageHousekeeping>().RunAtStartUp();
            app.UseScrapeEndpoint(scrape);
            app.UseDocExchangeRequestLogging(logger);
            app.UseRouting();
            app.UseRequestIdleTimeout(TimeSpan.FromSeconds(options.Abuse.RequestIdleTimeoutSeconds));
            app.UseResponseStallTimeout(TimeSpan.FromSeconds(options.Abuse.ResponseStallTimeoutSeconds));
            MapGrpc(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var tls = addresses.Where(a => a.StartsWith("https://", StringComparison.Ordinal)).Select(a => new Uri(a)).FirstOrDefault();
            var plaintext = addresses.Where(a => a.StartsWith("http://", StringComparison.Ordinal)).Select(a => new Uri(a))
                .FirstOrDefault(a => scrape?.Address is not { } metrics || a.Port != metrics.Port);
            logger.Information("DocExchange is serving gRPC on {Addresses}; data in {DataDirectory}; storage: {Storage}",
                string.Join(", ", addresses), dataDirectory, storage.Description);
            return new DocExchangeServer(app, storage, audit, tls, plaintext, scrape);
        }
        catch
        {
            audit?.Dispose();
            await storage.DisposeAsync().ConfigureAwait(false);
            await logger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<AuditLog> OpenAuditAsync(
        IStorageEngine storage, Audit.AuditOptions options, string dataDirectory, TimeProvider time, CancellationToken ct)
    {
        try
        {
            return await storage.OpenAuditLogAsync(options, dataDirectory, time, ct).ConfigureAwait(false);
        }
        catch (Audit.Checkpoints.AuditKeyException e)
        {
            throw new StartupException(e.Message, e);
        }
    }

    private static void AddGrpc(IServiceCollection services, DocExchangeOptions options)
    {
        // Singletons: the services are stateless, and the abuse limits keep their per-caller budgets across calls.
        services.AddSingleton<CallLog>();
        services.AddSingleton<CallerIdentification>();
        services.AddSingleton<Security.AbuseLimits>();
        services.AddSingleton<CallAuthorization>();
        services.AddSingleton<DomainErrorMapping>();
        services.AddSingleton<CallPipeline>();
        services.AddSingleton<ExchangeGrpcService>();
        services.AddSingleton<StatusPostHandler>();
        services.AddSingleton<Services.EdXml.EnvelopeSeals>();
        services.AddSingleton<Services.EdXml.EdXmlGrpcService>();
        services.AddSingleton<RegistryGrpcService>();
        services.AddSingleton<AuditGrpcService>();
        services.AddSingleton<SigningGrpcService>();
        ServiceCompleteness.EnsureComplete(typeof(ExchangeGrpcService), typeof(Services.EdXml.EdXmlGrpcService), typeof(RegistryGrpcService), typeof(AuditGrpcService), typeof(SigningGrpcService));

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.Grpc.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.Grpc.MaxSendMessageSize;
            grpc.CompressionProviders = [new BoundedGzipCompressionProvider(options.Grpc.MaxReceiveMessageSize, CompressionLevel.Fastest)];
            // The one interceptor: it runs the per-call rules, in their order, around every call.
            grpc.Interceptors.Add<CallPipeline>();
        });
        services.AddGrpcReflection();
        // Singletons, so that the readiness answer is reused as it says: AddCheck<T> would otherwise make a new check,
        // and read the storage, on every health call.
        services.AddSingleton<ReadinessHealthCheck>();
        services.AddSingleton<Housekeeping.DiskSpaceHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>(ReadinessHealthCheck.Name)
            .AddCheck<Housekeeping.DiskSpaceHealthCheck>(Housekeeping.DiskSpaceHealthCheck.Name);
        services.AddGrpcHealthChecks(health =>
        {
            health.Services.Map(string.Empty, check => check.Name == ReadinessHealthCheck.Name);
            foreach (var service in ServedServices)
            {
                health.Services.Map(service, check => check.Name == ReadinessHealthCheck.Name);
            }

            // Reported apart: with a full disk, reads still work, so the server itself stays SERVING.
            health.Services.Map(Housekeeping.DiskSpaceCheck.HealthServiceName, check => check.Name == Housekeeping.DiskSpaceHealthCheck.Name);
        });
    }

    private static void MapGrpc(WebApplication app)
    {
        app.MapGrpcService<ExchangeGrpcService>();
        app.MapGrpcService<Services.EdXml.EdXmlGrpcService>();
        app.MapGrpcService<RegistryGrpcService>();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<SigningGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
    }

    /// <summary>The DocExchange services, each reported by the health service under its full name.</summary>
    private static IEnumerable<string> ServedServices =>
    [
        Protocol.V1.Exchange.Descriptor.FullName,
        Protocol.V1.EdXmlExchange.Descriptor.FullName,
        Protocol.V1.Registry.Descriptor.FullName,
        Protocol.V1.Audit.Descriptor.FullName,
        Protocol.V1.Signing.Descriptor.FullName,
    ];

    private static void ConfigureKestrel(WebApplicationBuilder builder, DocExchangeOptions options, bool tlsOn, Serilog.ILogger logger)
    {
        var plaintextAddress = options.Development.PlaintextLoopback ? PlaintextLoopbackAddress(options.Development) : null;
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KestrelLimits.Apply(kestrel.Limits, options.Abuse);
            if (tlsOn)
            {
                var certificate = ServerCertificates.LoadServerCertificate(options.Tls);
                kestrel.Listen(IPAddress.Parse(options.Listen.Address), options.Listen.TlsPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        // Any certificate passes the handshake, as a client without one does: which CA a certificate
                        // must chain to depends on the agency it binds and on the registry as of each call, so the
                        // decision is the caller identification's (Security/ClientCertificateAuthenticator), which
                        // answers UNAUTHENTICATED with the reason and leaves an audit event, where a refused
                        // handshake would leave the client a bare connection error and the trail nothing.
                        https.ClientCertificateValidation = (_, _, _) => true;
                    });
                });
            }

            if (plaintextAddress is not null)
            {
                logger.Warning("Development switch on: plaintext HTTP/2 on {Address}:{Port}, where callers name themselves with the {Header} header. Never use this in production.",
                    plaintextAddress, options.Development.PlaintextPort, CallerIdentification.DevelopmentCallerHeader);
                kestrel.Listen(plaintextAddress, options.Development.PlaintextPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
    }

    /// <summary>Plaintext, where callers name themselves, is only ever served on loopback (docs/SECURITY.md, "plaintext exposure").</summary>
    private static IPAddress PlaintextLoopbackAddress(DocExchangeOptions.DevelopmentOptions development)
    {
        if (!IPAddress.TryParse(development.PlaintextAddress, out var address))
        {
            throw new StartupException($"DocExchange:Development:PlaintextAddress '{development.PlaintextAddress}' is not an IP address: use 127.0.0.1 or ::1");
        }

        return IPAddress.IsLoopback(address)
            ? address
            : throw new StartupException(
                $"DocExchange:Development:PlaintextAddress {address} is not a loopback address: plaintext HTTP/2, where callers name themselves, is served only on 127.0.0.1 or ::1");
    }

    /// <summary>The spool's memory and folder, the sweep of abandoned temporary files and the disk space check (docs/SECURITY.md, "Faults").</summary>
    private static void AddStorageHousekeeping(
        IServiceCollection services, DocExchangeOptions.StorageOptions options, string dataDirectory, DocExchange.Storage.Blobs.FileBlobStore blobs, TimeProvider time)
    {
        if (!(options.HousekeepingIntervalSeconds > 0) || options.MinimumFreeBytes < 0)
        {
            throw new StartupException("DocExchange:Storage:HousekeepingIntervalSeconds must be positive and DocExchange:Storage:MinimumFreeBytes not negative.");
        }
        if (options.SpoolMemoryBytes < 0)
        {
            throw new StartupException(
                $"DocExchange:Storage:SpoolMemoryBytes is {options.SpoolMemoryBytes}: give the bytes the uploads in progress may hold in memory, or 0 to spool every upload in files.");
        }
        services.AddSingleton(new SpoolMemory(options.SpoolMemoryBytes));
        var spool = new SpoolFolder(Path.Combine(dataDirectory, options.SpoolDirectory));
        var disks = new Housekeeping.DiskSpaceCheck(
            [("data folder", dataDirectory), ("blob folder", blobs.RootDirectory), ("spool folder", spool.Path)], options.MinimumFreeBytes);
        services.AddSingleton(spool);
        services.AddSingleton(disks);
        services.AddSingleton(sp => new Housekeeping.StorageHousekeeping(spool, blobs, disks, 
            TimeSpan.FromSeconds(options.HousekeepingIntervalSeconds), time, sp.GetRequiredService<ILogger<Housekeeping.StorageHousekeeping>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Housekeeping.StorageHousekeeping>());
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            await _stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                await _auditLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The loop ends by cancellation.
            }

            _stopping.Dispose();
            _audit.Dispose();
            await _storage.DisposeAsync().ConfigureAwait(false);
        }
    }
}
