using DocExchange.Server.Hosting;

namespace DocExchange.Cli.Tests.Network;

/// <summary>
/// The real DocExchange server, in-process on a free loopback port with SQLite in a temporary folder and the
/// sample certificates, with the two sample agencies registered (by dx itself, as the operator). dx runs as a
/// separate process against it, configured through its DX_* environment variables.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private DocExchangeServer? _server;
    private int _documentNumber = Random.Shared.Next(1000, 9000) * 10;

    public Uri Address => _server?.TlsAddress ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>A document number no other test uses on this server.</summary>
    public string NextNumber() => Interlocked.Increment(ref _documentNumber).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>dx as <paramref name="identity"/>, against this server, with its own (empty) configuration file.</summary>
    internal DxRunner Dx(Identity identity) => DxFor(Address, identity);

    /// <summary>dx as <paramref name="identity"/> against any address (e.g. one where nothing listens).</summary>
    internal DxRunner DxFor(Uri address, Identity identity)
    {
        var dx = new DxRunner(_directory.File($"dx-{Guid.NewGuid():N}.json"));
        dx.Environment["DX_SERVER"] = address.AbsoluteUri;
        dx.Environment["DX_CERT"] = RepositoryPaths.SampleCert(Agencies.CertificateFile(identity));
        dx.Environment["DX_CERT_PASSWORD"] = RepositoryPaths.SamplePassword;
        dx.Environment["DX_CA"] = RepositoryPaths.SampleCert("root-ca.crt");
        return dx;
    }

    /// <summary>The client library as <paramref name="identity"/>: a sender that chooses names dx itself would not send.</summary>
    internal DocExchange.Client.DocExchangeClient Client(Identity identity) => new(new DocExchange.Client.DocExchangeClientOptions
    {
        Address = Address,
        ClientCertificatePath = RepositoryPaths.SampleCert(Agencies.CertificateFile(identity)),
        ClientCertificatePassword = RepositoryPaths.SamplePassword,
        TrustedRootsPath = RepositoryPaths.SampleCert("root-ca.crt"),
    });

    public async Task InitializeAsync()
    {
        _server = await DocExchangeServer.StartAsync(
        [
            $"--DocExchange:DataDirectory={_directory.File("data")}",
            "--DocExchange:Listen:TlsPort=0",
            $"--DocExchange:Tls:CertificatePath={RepositoryPaths.SampleCert("server.pfx")}",
            $"--DocExchange:Tls:CertificatePassword={RepositoryPaths.SamplePassword}",
            $"--DocExchange:Tls:ClientCaPath={RepositoryPaths.SampleCert("root-ca.crt")}",
            $"--DocExchange:Signing:TrustAnchorsPath={RepositoryPaths.SampleCert("signing/root-ca.crt")}",
            $"--DocExchange:Signing:CrlPaths:0={RepositoryPaths.SampleCert("signing/root-ca.crl")}",
            $"--DocExchange:Signing:KeystorePath={RepositoryPaths.SampleCert("signing/seals")}",
            $"--DocExchange:Signing:Tsa:CertificatePath={RepositoryPaths.SampleCert("signing/tsa.pfx")}",
            $"--DocExchange:Audit:KeyPassword={RepositoryPaths.SamplePassword}",
            "--DocExchange:Development:PlaintextLoopback=false",
            // Names up to 255 bytes (the default is 200), so that dx meets names as long as any file system takes.
            "--DocExchange:Limits:MaxFileNameBytes=255",
            "--Serilog:MinimumLevel:Default=Warning",
        ]);
        var operatorDx = Dx(Identity.Operator);
        foreach (var (code, name) in new[] { (Agencies.G22, "Văn phòng Chính phủ"), (Agencies.H41, "UBND tỉnh Nghệ An") })
        {
            var added = await operatorDx.RunAsync("agency", "add", code, "--name", name);
            if (added.ExitCode != 0)
            {
                throw new InvalidOperationException($"Registering {code} with dx failed: {added}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        _directory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CliServerCollection : ICollectionFixture<CliServer>
{
    public const string Name = "dx against a real server";
}
