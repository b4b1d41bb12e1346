using System.Net;
using DocExchange.Server.Configuration;
using DocExchange.Server.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DocExchange.Server.Hosting;

/// <summary>
/// OpenTelemetry for operators (docs/OPERATIONS.md): the exchange's own meter and spans with the standard ASP.NET Core
/// (per-method call latency included), HttpClient and runtime instrumentation, exported by OTLP when a collector is
/// configured and served for Prometheus on an endpoint of its own. With neither configured nothing is registered, so a
/// call pays for no instrument nobody reads.
/// </summary>
internal static class TelemetrySetup
{
    public const string ScrapePath = "/metrics";

    /// <summary>The standard variable of the OTLP exporters, honoured as they document it.</summary>
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <returns>The scrape endpoint's listener, set when Kestrel is configured, when there is one.</returns>
    public static ScrapeListener? AddDocExchangeTelemetry(
        this WebApplicationBuilder builder, TelemetryOptions options, string spoolDirectory, string blobDirectory, TimeProvider time)
    {
        if (!(options.FolderUsageRefreshSeconds >= 0))
        {
            throw new StartupException("DocExchange:Telemetry:FolderUsageRefreshSeconds must not be negative.");
        }

        var refresh = TimeSpan.FromSeconds(options.FolderUsageRefreshSeconds);
        builder.Services.AddSingleton(sp => new ExchangeMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), sp.GetRequiredService<Audit.Trail.AuditLog>(), sp.GetRequiredService<DocExchange.Storage.Relational.StoreActivity>(),
            sp.GetRequiredService<Services.SendAdmission>(), sp.GetRequiredService<Services.SpoolMemory>(),
            new FolderUsage(spoolDirectory, refresh, time), new FolderUsage(blobDirectory, refresh, time)));

        // The configured endpoint is given to the exporters; the standard variable is left for them to read, with its
        // companions (OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS…) and their rules (a /v1/metrics path added for http/protobuf).
        var configured = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : ParseOtlpEndpoint(options.OtlpEndpoint);
        var otlp = configured is not null || !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var prometheus = options.PrometheusPort >= 0;
        if (!otlp && !prometheus)
        {
            builder.Services.AddMetrics();
            return null;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("docexchange-server"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ExchangeTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter(o => UseEndpoint(o, configured));
                }
            });
        if (otlp)
        {
            // Spans only go somewhere with a collector: without one, none is even started.
            telemetry.WithTracing(tracing => tracing
                .AddSource(ExchangeTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => UseEndpoint(o, configured)));
        }

        if (!prometheus)
        {
            return null;
        }

        var address = IPAddress.TryParse(options.PrometheusAddress, out var parsed)
            ? parsed
            : throw new StartupException($"DocExchange:Telemetry:PrometheusAddress '{options.PrometheusAddress}' is not an IP address: use 127.0.0.1, ::1, or the address of the monitoring network.");
        var scrape = new ScrapeListener();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(address, options.PrometheusPort, listen =>
            {
                // Plaintext HTTP/1.1, as Prometheus scrapes; no gRPC is served here (UseScrapeEndpoint).
                listen.Protocols = HttpProtocols.Http1;
                scrape.Options = listen;
            }));
        return scrape;
    }

    private static void UseEndpoint(OpenTelemetry.Exporter.OtlpExporterOptions exporter, Uri? configured)
    {
        if (configured is not null)
        {
            exporter.Endpoint = configured;
        }
    }

    /// <summary>
    /// Serves <see cref="ScrapePath"/> on the scrape listener only, and nothing else there: a request that arrives on
    /// it is told apart by the socket it came in on, never by a header the client chose.
    /// </summary>
    public static void UseScrapeEndpoint(this WebApplication app, ScrapeListener? scrape)
    {
        if (scrape is null)
        {
            return;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => IsScrapeListener(context, scrape) && context.Request.Path == ScrapePath);
        app.MapWhen(context => IsScrapeListener(context, scrape), other => other.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }));
    }

    private static bool IsScrapeListener(HttpContext context, ScrapeListener scrape) =>
        scrape.Options?.IPEndPoint is { } bound
        && context.Connection.LocalPort == bound.Port
        && (bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) || bound.Address.Equals(context.Connection.LocalIpAddress));

    private static Uri ParseOtlpEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new StartupException($"The OTLP endpoint '{endpoint}' (DocExchange:Telemetry:OtlpEndpoint or {OtlpEndpointVariable}) is not an http:// or https:// URL.");
}

/// <summary>The Kestrel listener of the scrape endpoint; Kestrel writes the bound port into it when it starts listening.</summary>
internal sealed class ScrapeListener
{
    public ListenOptions? Options { get; set; }

    public Uri? Address => Options?.IPEndPoint is { } bound ? new Uri($"http://{(bound.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString())}:{bound.Port}") : null;
}
