using DocExchange.Client;
using DocExchange.Server.Hosting;

namespace DocExchange.Cli.Tests;

/// <summary>
/// The real DocExchange server, in-process on free loopback ports (Kestrel, SQLite in a temporary folder), with a
/// PKI laid out as certs-sample/ (the sample one by default), the agencies registered, and <c>dx</c> runners whose
/// environment points at it over mutual TLS.
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string G22 = "000.00.00.G22";
    public const string H41 = "000.00.00.H41";

    private readonly string _pki;
    private readonly string[] _agencies;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dx-tests-server-" + Guid.NewGuid().ToString("N"));
    private readonly List<DocExchangeClient> _clients = [];
    private DocExchangeServer? _server;

    public LiveServer()
        : this(Repository.SampleCert(""), [G22, H41])
    {
    }

    /// <param name="pki">A folder laid out as certs-sample/ (the files of 'dx certs init', or certs-sample itself).</param>
    internal LiveServer(string pki, string[] agencies)
    {
        _pki = pki;
        _agencies = agencies;
    }

    public Uri Address => _server!.TlsAddress!;

    public string Pki(string relativePath) => Path.Combine(_pki, relativePath);

    /// <summary>The server's SQLite database file, for tests that tamper with it as someone with access to the disk would.</summary>
    public string DatabasePath => Path.Combine(_data, "docexchange.db");

    /// <summary>The client certificate of an agency, by the sample layout (agency-G22.pfx) or the 'dx certs init' one (agency-CODE.pfx).</summary>
    public string AgencyCertificate(string code) =>
        File.Exists(Pki($"agency-{code}.pfx")) ? Pki($"agency-{code}.pfx") : Pki($"agency-{code[^3..]}.pfx");

    public async Task InitializeAsync()
    {
        _server = await DocExchangeServer.StartAsync(
        [
            $"--DocExchange:DataDirectory={_data}",
            "--DocExchange:Listen:TlsPort=0",
            $"--DocExchange:Tls:CertificatePath={Pki("server.pfx")}",
            $"--DocExchange:Tls:CertificatePassword={Repository.SamplePassword}",
            $"--DocExchange:Tls:ClientCaPath={Pki("root-ca.crt")}",
            $"--DocExchange:Audit:KeyPassword={Repository.SamplePassword}",
            $"--DocExchange:Signing:TrustAnchorsPath={Pki("signing/root-ca.crt")}",
            $"--DocExchange:Signing:CrlPaths:0={Pki("signing/root-ca.crl")}",
            $"--DocExchange:Signing:KeystorePath={Pki("signing/seals")}",
            $"--DocExchange:Signing:KeystorePassword={Repository.SamplePassword}",
            $"--DocExchange:Signing:Tsa:CertificatePath={Pki("signing/tsa.pfx")}",
            "--Serilog:MinimumLevel:Default=Warning",
        ]);
        var registrar = Client("operator.pfx");
        foreach (string code in _agencies)
        {
            await registrar.RegisterAgencyAsync(code, $"Agency {code}");
        }
    }

    /// <summary>A client library instance presenting <paramref name="pfx"/> (a file of the PKI folder, or a full path).</summary>
    public DocExchangeClient Client(string pfx)
    {
        var client = new DocExchangeClient(new DocExchangeClientOptions
        {
            Address = Address,
            ClientCertificatePath = Path.IsPathRooted(pfx) ? pfx : Pki(pfx),
            ClientCertificatePassword = Repository.SamplePassword,
            TrustedRootsPath = Pki("root-ca.crt"),
        });
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// A dx runner (its own config file in <paramref name="home"/>) connecting as <paramref name="pfx"/> through DX_*
    /// variables, run from the repository root as a person trying the quickstart would (certs-sample/ is there).
    /// </summary>
    internal DxRunner Dx(TempDirectory home, string pfx)
    {
        var dx = new DxRunner(home.File("dx.json")) { WorkingDirectory = Repository.Root };
        dx.Environment["DX_SERVER"] = Address.ToString();
        dx.Environment["DX_CA"] = Pki("root-ca.crt");
        dx.Environment["DX_CERT"] = Path.IsPathRooted(pfx) ? pfx : Pki(pfx);
        dx.Environment["DX_CERT_PASSWORD"] = Repository.SamplePassword;
        return dx;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed; the temp folder is cleaned by the OS eventually.
        }
    }
}
