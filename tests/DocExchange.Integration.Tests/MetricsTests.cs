using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DocExchange.Client;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>The Prometheus scrape endpoint of a live server (docs/OPERATIONS.md): what it counts, and where it is served.</summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docexchange-metrics-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_scrape_endpoint_counts_a_send_its_delivery_a_refusal_by_reason_and_each_methods_latency()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        // A process of its own: the counts are this server's alone, not those of other servers in the test process.
        await using var server = ServerProcess.WithMetrics(_data);
        await server.StartAsync(ct);
        var metricsPort = server.MetricsPort;
        await using (var operatorClient = Client(server, "operator"))
        {
            await operatorClient.RegisterAgencyAsync(new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" }, ct);
            await operatorClient.RegisterAgencyAsync(new RegisterAgencyRequest { Code = TestServer.H41, Name = "UBND tỉnh Nghệ An" }, ct);
        }

        await using var sender = Client(server, "agency:" + TestServer.G22);
        await using var recipient = Client(server, "agency:" + TestServer.H41);
        // Above the inline limit (256 KiB): stored as a blob file, which the blob folder's size counts.
        var pdf = SamplePdf.Create("Công văn 8801", paddingBytes: 300_000);
        var sent = await sender.SendAsync(Document("8801", pdf), cancellationToken: ct);
        await recipient.AcknowledgeAsync(sent.DocumentId, cancellationToken: ct);
        var refused = await Assert.ThrowsAsync<DocExchangeException>(() =>
            sender.SendAsync(Document("8802", "not a PDF at all"u8.ToArray()), cancellationToken: ct));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, refused.StatusCode);

        using var http = new HttpClient();
        // ASP.NET Core records a request's duration once the response has completed, which can be just after the client
        // has its answer: scrape until every call made is counted (or a generous wait is over), then check the counts.
        var scrape = await ScrapeUntilAsync(http, metricsPort, s => Sum(s, "docexchange_audit_tree_size") > 0
            && Sum(s, "http_server_request_duration_seconds_count", "http_route=\"/docexchange.v1.Exchange/Send\"") >= 2
            && Sum(s, "http_server_request_duration_seconds_count", "http_route=\"/docexchange.v1.Exchange/PostStatus\"") >= 1, ct);

        Assert.Equal(1, Sum(scrape, "docexchange_documents_sent_total"));
        Assert.Equal(1, Sum(scrape, "docexchange_documents_delivered_total"));
        Assert.Equal(1, Sum(scrape, "docexchange_documents_refused_total", "docexchange_refusal_reason=\"invalid_argument\""));
        Assert.Equal(1, Sum(scrape, "docexchange_documents_refused_total"));
        Assert.Equal(1, Sum(scrape, "docexchange_signatures_validations_total", "docexchange_validation_purpose=\"send\""));
        Assert.True(Sum(scrape, "docexchange_blobs_size_bytes") >= pdf.Length);
        Assert.Equal(0, Sum(scrape, "docexchange_spool_size_bytes"));
        // Exported, and given back once the sends are answered.
        Assert.Matches(@"(?m)^docexchange_spool_memory_bytes(\{[^}]*\})? 0$", scrape);
        // Per-method latency from ASP.NET Core's own histogram: both sends, under the gRPC method's route.
        Assert.Equal(2, Sum(scrape, "http_server_request_duration_seconds_count", "http_route=\"/docexchange.v1.Exchange/Send\""));
        Assert.Equal(1, Sum(scrape, "http_server_request_duration_seconds_count", "http_route=\"/docexchange.v1.Exchange/PostStatus\""));
        Assert.Contains("dotnet_gc_collections", scrape);
    }

    [Fact]
    public async Task Calls_refused_before_their_handler_are_counted_by_reason_and_method_and_a_handlers_own_error_is_not()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        // Two calls per caller, then hardly any more.
        await using var server = ServerProcess.WithMetrics(_data, "--DocExchange:Abuse:CallBurst=2", "--DocExchange:Abuse:CallsPerSecond=0.001");
        await server.StartAsync(ct);
        await using (var operatorClient = Client(server, "operator", retries: false))
        {
            await operatorClient.RegisterAgencyAsync(new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" }, ct);
            // Refused by the handler (no such agency), not by the per-call rules.
            var missing = await Assert.ThrowsAsync<DocExchangeException>(() => operatorClient.GetAgencyAsync("000.00.00.A01", ct));
            Assert.Equal(Grpc.Core.StatusCode.NotFound, missing.StatusCode);
        }

        await using var registered = Client(server, "agency:" + TestServer.G22, retries: false);
        await registered.ListReceivedAsync(cancellationToken: ct);
        await registered.ListReceivedAsync(cancellationToken: ct);
        var limited = await Assert.ThrowsAsync<DocExchangeException>(() => registered.ListReceivedAsync(cancellationToken: ct));
        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, limited.StatusCode);
        await using var unregistered = Client(server, "agency:" + TestServer.H41, retries: false);
        var unknown = await Assert.ThrowsAsync<DocExchangeException>(() => unregistered.GetAgencyAsync(TestServer.G22, ct));
        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, unknown.StatusCode);

        using var http = new HttpClient();
        var scrape = await ScrapeUntilAsync(http, server.MetricsPort, s => Sum(s, "docexchange_calls_refused_total") >= 2, ct);

        Assert.Equal(1, Sum(scrape, "docexchange_calls_refused_total", "docexchange_refusal_reason=\"resource_exhausted\",rpc_method=\"ListReceived\",rpc_service=\"docexchange.v1.Exchange\""));
        Assert.Equal(1, Sum(scrape, "docexchange_calls_refused_total", "docexchange_refusal_reason=\"permission_denied\",rpc_method=\"GetAgency\",rpc_service=\"docexchange.v1.Registry\""));
        Assert.Equal(2, Sum(scrape, "docexchange_calls_refused_total"));
    }

    [Fact]
    public async Task Without_configuration_no_scrape_endpoint_exists_and_the_agencies_endpoint_never_serves_metrics()
    {
        await using var plain = await TestServer.StartAsync();
        Assert.Null(plain.Server.MetricsAddress);
        await AssertNoMetricsOverMutualTlsAsync(plain);

        await using var configured = await TestServer.StartAsync("--DocExchange:Telemetry:PrometheusPort=0");
        var metrics = configured.Server.MetricsAddress!;
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(metrics.Host)));
        Assert.NotEqual(configured.Server.TlsAddress!.Port, metrics.Port);
        Assert.NotEqual(configured.Server.PlaintextAddress!.Port, metrics.Port);
        using var http = new HttpClient();
        Assert.Contains("# TYPE ", await http.GetStringAsync(metrics));
        await AssertNoMetricsOverMutualTlsAsync(configured);

        // Nothing but /metrics on the scrape endpoint: no gRPC method, whatever the request says.
        using var grpcLike = new HttpRequestMessage(HttpMethod.Post, new Uri(metrics, "/docexchange.v1.Registry/ListChildren"))
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        grpcLike.Content.Headers.ContentType = new("application/grpc");
        using var answer = await http.SendAsync(grpcLike);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    /// <summary>An agency's certificate on the mutual-TLS endpoint gets no metrics, under the path or any host name.</summary>
    private static async Task AssertNoMetricsOverMutualTlsAsync(TestServer server)
    {
        var handler = Http2Handlers.Create();
        handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(RepositoryPaths.SampleCert("agency-G22.pfx"), TestServer.SamplePassword)];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.GetAsync(new Uri(server.Server.TlsAddress!, "/metrics"));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("docexchange_", await response.Content.ReadAsStringAsync());
    }

    private static DocExchangeClient Client(ServerProcess server, string caller, bool retries = true)
    {
        var options = new DocExchangeClientOptions { Address = server.Address, DevelopmentCaller = caller };
        if (!retries)
        {
            options.Retry.MaxAttempts = 1;
        }

        return new DocExchangeClient(options);
    }

    private static OutgoingDocumentBuilder Document(string number, byte[] pdf) =>
        new OutgoingDocumentBuilder()
            .Metadata(m => m.To(TestServer.H41).Code(number, "VPCP-TTĐT").Subject($"Công văn số {number}").Type(1, "Công văn"))
            .MainDocument(pdf, $"congvan-{number}.pdf");

    /// <summary>Scrapes until <paramref name="ready"/> holds or 30 s have passed; returns the last scrape either way.</summary>
    private static async Task<string> ScrapeUntilAsync(HttpClient http, int port, Func<string, bool> ready, CancellationToken ct)
    {
        var patience = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), ct);
            if (ready(scrape) || patience.Elapsed > TimeSpan.FromSeconds(30))
            {
                return scrape;
            }

            await Task.Delay(200, ct);
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> (whose labels contain <paramref name="label"/>, when given).</summary>
    private static double Sum(string scrape, string name, string? label = null) =>
        Sample().Matches(scrape)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
