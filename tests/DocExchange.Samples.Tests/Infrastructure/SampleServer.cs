using DocExchange.Client;
using DocExchange.Server.Hosting;

namespace DocExchange.Samples.Tests.Infrastructure;

/// <summary>The real DocExchange server on loopback (Kestrel, mutual TLS, SQLite in a temporary folder) with G22 and H41 registered.</summary>
internal sealed class SampleServer : IAsyncDisposable
{
    public const string SamplePassword = "docexchange-sample";
    public const string G22 = "000.00.00.G22";
    public const string H41 = "000.00.00.H41";

    private readonly DocExchangeServer _server;
    private readonly string _data;

    private SampleServer(DocExchangeServer server, string data)
    {
        _server = server;
        _data = data;
    }

    public Uri TlsAddress => _server.TlsAddress!;

    public static async Task<SampleServer> StartAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "docexchange-samples-tests-" + Guid.NewGuid().ToString("N"));
        var server = new SampleServer(await DocExchangeServer.StartAsync(
        [
            $"--DocExchange:DataDirectory={data}",
            "--DocExchange:Listen:TlsPort=0",
            $"--DocExchange:Tls:CertificatePath={RepositoryPaths.SampleCert("server.pfx")}",
            $"--DocExchange:Tls:CertificatePassword={SamplePassword}",
            $"--DocExchange:Tls:ClientCaPath={RepositoryPaths.SampleCert("root-ca.crt")}",
            $"--DocExchange:Audit:KeyPassword={SamplePassword}",
            "--Serilog:MinimumLevel:Default=Warning",
        ]), data);
        await using var registrar = server.Client("operator.pfx");
        await registrar.RegisterAgencyAsync(G22, "Văn phòng Chính phủ");
        await registrar.RegisterAgencyAsync(H41, "UBND tỉnh Nghệ An");
        return server;
    }

    /// <summary>A client of the server as a sample certificate, for checks independent of the bridge.</summary>
    public DocExchangeClient Client(string pfxName) => new(new DocExchangeClientOptions
    {
        Address = TlsAddress,
        ClientCertificatePath = RepositoryPaths.SampleCert(pfxName),
        ClientCertificatePassword = SamplePassword,
        TrustedRootsPath = RepositoryPaths.SampleCert("root-ca.crt"),
    });

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
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
