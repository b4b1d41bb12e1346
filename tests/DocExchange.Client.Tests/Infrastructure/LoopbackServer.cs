using DocExchange.Server.Hosting;

namespace DocExchange.Client.Tests.Infrastructure;

/// <summary>
/// The real DocExchange server on loopback (Kestrel, SQLite in a temporary folder, the sample certificates),
/// which can be stopped and started again on the same ports with the same data, and clients that call it
/// over mutual TLS as the sample agencies and roles.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    public const string SamplePassword = "docexchange-sample";
    public const string G22 = "000.00.00.G22";
    public const string H41 = "000.00.00.H41";

    private readonly List<DocExchangeClient> _clients = [];
    private DocExchangeServer? _server;
    private int _tlsPort;
    private int _plaintextPort;

    private readonly string[] _extraArguments;

    private LoopbackServer(string dataDirectory, string[] extraArguments)
    {
        DataDirectory = dataDirectory;
        _extraArguments = extraArguments;
    }

    /// <summary>The sample signing PKI (certs-sample/signing): trust anchors, CRL, the agencies' seals and the TSA.</summary>
    public static string[] SigningArguments =>
    [
        $"--DocExchange:Signing:TrustAnchorsPath={RepositoryPaths.SampleCert("signing/root-ca.crt")}",
        $"--DocExchange:Signing:CrlPaths:0={RepositoryPaths.SampleCert("signing/root-ca.crl")}",
        $"--DocExchange:Signing:KeystorePath={RepositoryPaths.SampleCert("signing/seals")}",
        $"--DocExchange:Signing:KeystorePassword={SamplePassword}",
        $"--DocExchange:Signing:Tsa:CertificatePath={RepositoryPaths.SampleCert("signing/tsa.pfx")}",
    ];

    public string DataDirectory { get; }

    public Uri TlsAddress => new($"https://127.0.0.1:{_tlsPort}");

    public Uri PlaintextAddress => new($"http://127.0.0.1:{_plaintextPort}");

    public int TlsPort => _tlsPort;

    /// <summary>Starts a server with the two sample agencies registered, and <paramref name="extraArguments"/> (e.g. <see cref="SigningArguments"/>).</summary>
    public static async Task<LoopbackServer> StartAsync(params string[] extraArguments)
    {
        var server = new LoopbackServer(Path.Combine(Path.GetTempPath(), "docexchange-client-tests-" + Guid.NewGuid().ToString("N")), extraArguments);
        await server.StartAgainAsync();
        await using var registrar = server.NewClient("operator.pfx");
        await registrar.RegisterAgencyAsync(G22, "Văn phòng Chính phủ");
        await registrar.RegisterAgencyAsync(H41, "UBND tỉnh Nghệ An");
        return server;
    }

    /// <summary>Starts the server (again) on the same ports, with the same data directory.</summary>
    public async Task StartAgainAsync()
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        _server = await DocExchangeServer.StartAsync(
        [
            $"--DocExchange:DataDirectory={DataDirectory}",
            $"--DocExchange:Listen:TlsPort={_tlsPort}",
            $"--DocExchange:Tls:CertificatePath={RepositoryPaths.SampleCert("server.pfx")}",
            $"--DocExchange:Tls:CertificatePassword={SamplePassword}",
            $"--DocExchange:Audit:KeyPassword={SamplePassword}",
            $"--DocExchange:Tls:ClientCaPath={RepositoryPaths.SampleCert("root-ca.crt")}",
            "--DocExchange:Development:PlaintextLoopback=true",
            $"--DocExchange:Development:PlaintextPort={_plaintextPort}",
            "--Serilog:MinimumLevel:Default=Warning",
            .. _extraArguments,
        ]);
        _tlsPort = _server.TlsAddress!.Port;
        _plaintextPort = _server.PlaintextAddress!.Port;
    }

    /// <summary>Stops the server: open streams end, new connections are refused until it starts again.</summary>
    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>A client of agency <paramref name="code"/> (one of the sample agencies), over mutual TLS.</summary>
    public DocExchangeClient Agency(string code, Action<DocExchangeClientOptions>? configure = null, Uri? address = null) =>
        Track(NewClient(code == G22 ? "agency-G22.pfx" : "agency-H41.pfx", configure, address));

    /// <summary>A client of the auditor role, over mutual TLS.</summary>
    public DocExchangeClient Auditor(Action<DocExchangeClientOptions>? configure = null) => Track(NewClient("auditor.pfx", configure));

    /// <summary>A client of the operator role, over mutual TLS.</summary>
    public DocExchangeClient Operator(Action<DocExchangeClientOptions>? configure = null) => Track(NewClient("operator.pfx", configure));

    /// <summary>Options for a sample certificate, with retries fast enough for tests.</summary>
    public DocExchangeClientOptions OptionsFor(string pfxName, Uri? address = null)
    {
        var options = new DocExchangeClientOptions
        {
            Address = address ?? TlsAddress,
            ClientCertificatePath = RepositoryPaths.SampleCert(pfxName),
            ClientCertificatePassword = SamplePassword,
            TrustedRootsPath = RepositoryPaths.SampleCert("root-ca.crt"),
            Timeout = TimeSpan.FromSeconds(20),
        };
        options.Retry.InitialBackoff = TimeSpan.FromMilliseconds(50);
        options.Retry.MaxBackoff = TimeSpan.FromMilliseconds(300);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await StopAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed; the temp folder is cleaned by the OS eventually.
        }
    }

    private DocExchangeClient NewClient(string pfxName, Action<DocExchangeClientOptions>? configure = null, Uri? address = null)
    {
        var options = OptionsFor(pfxName, address);
        configure?.Invoke(options);
        return new DocExchangeClient(options);
    }

    private DocExchangeClient Track(DocExchangeClient client)
    {
        _clients.Add(client);
        return client;
    }
}
