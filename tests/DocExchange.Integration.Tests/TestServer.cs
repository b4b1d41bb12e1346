using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using DocExchange.Server.Hosting;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The real server (Kestrel on free loopback ports, SQLite in a temporary folder or a given PostgreSQL database, the
/// sample certificates), and channels that call it as the sample agencies and roles over mutual TLS.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string SamplePassword = "docexchange-sample";
    public const string G22 = "000.00.00.G22";
    public const string H41 = "000.00.00.H41";

    private readonly List<GrpcChannel> _channels = [];

    private TestServer(DocExchangeServer server, string dataDirectory)
    {
        Server = server;
        DataDirectory = dataDirectory;
    }

    public DocExchangeServer Server { get; }

    public string DataDirectory { get; }

    /// <summary>
    /// A server with the sample agencies registered, for counting the store's statements: the registry cache reloads an
    /// agency every 5 s by default, and is kept longer here so that a count depends only on the calls counted.
    /// </summary>
    public static async Task<TestServer> StartForStatementCountsAsync()
    {
        var server = await StartAsync("--DocExchange:Abuse:AgencyStateCacheSeconds=3600");
        await Exchanges.RegisterSampleAgenciesAsync(server);
        return server;
    }

    public static async Task<TestServer> StartAsync(params string[] extraArgs)
    {
        var data = Path.Combine(Path.GetTempPath(), "docexchange-it-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            $"--DocExchange:DataDirectory={data}",
            "--DocExchange:Listen:TlsPort=0",
            $"--DocExchange:Tls:CertificatePath={RepositoryPaths.SampleCert("server.pfx")}",
            $"--DocExchange:Tls:CertificatePassword={SamplePassword}",
            $"--DocExchange:Tls:ClientCaPath={RepositoryPaths.SampleCert("root-ca.crt")}",
            "--DocExchange:Development:PlaintextLoopback=true",
            "--DocExchange:Development:PlaintextPort=0",
            $"--DocExchange:Audit:KeyPassword={SamplePassword}",
            $"--DocExchange:Signing:TrustAnchorsPath={RepositoryPaths.SampleCert("signing/root-ca.crt")}",
            $"--DocExchange:Signing:CrlPaths:0={RepositoryPaths.SampleCert("signing/root-ca.crl")}",
            $"--DocExchange:Signing:KeystorePath={RepositoryPaths.SampleCert("signing/seals")}",
            $"--DocExchange:Signing:KeystorePassword={SamplePassword}",
            $"--DocExchange:Signing:Tsa:CertificatePath={RepositoryPaths.SampleCert("signing/tsa.pfx")}",
            .. extraArgs,
        ];
        try
        {
            return new TestServer(await DocExchangeServer.StartAsync(args), data);
        }
        catch
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // A setting refused before the data directory is created leaves nothing to delete.
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// A server instance on PostgreSQL, as one of several sharing <paramref name="connectionString"/>'s database, the
    /// blob folder <paramref name="blobDirectory"/> and the audit key file <paramref name="auditKeyPath"/>.
    /// </summary>
    public static Task<TestServer> StartOnPostgresAsync(string connectionString, string blobDirectory, string auditKeyPath, params string[] extraArgs) =>
        StartAsync(
        [
            "--DocExchange:Storage:Provider=Postgres",
            $"--DocExchange:Storage:ConnectionString={connectionString}",
            $"--DocExchange:Storage:BlobDirectory={blobDirectory}",
            $"--DocExchange:Audit:KeyPath={auditKeyPath}",
            .. extraArgs,
        ]);

    /// <summary>A mutual-TLS channel presenting the sample certificate <paramref name="pfxName"/> (null: no client certificate).</summary>
    public CallInvoker As(string? pfxName, GrpcChannelOptions? options = null) =>
        WithCertificate(pfxName is null ? null : X509CertificateLoader.LoadPkcs12FromFile(RepositoryPaths.SampleCert(pfxName), SamplePassword), options);

    /// <summary>A mutual-TLS channel presenting <paramref name="clientCertificate"/> (with its private key; null: none).</summary>
    public CallInvoker WithCertificate(X509Certificate2? clientCertificate, GrpcChannelOptions? options = null) =>
        Connect(handler =>
        {
            if (clientCertificate is not null)
            {
                handler.SslOptions.ClientCertificates = [clientCertificate];
            }
        }, options);

    /// <summary>
    /// A mutual-TLS channel presenting <paramref name="clientCertificate"/> followed, in its TLS certificate chain, by
    /// <paramref name="context"/>'s intermediate CA certificates.
    /// </summary>
    public CallInvoker WithCertificateChain(SslStreamCertificateContext context, GrpcChannelOptions? options = null) =>
        Connect(handler => handler.SslOptions.ClientCertificateContext = context, options);

    /// <summary>
    /// A mutual-TLS channel presenting the sample certificate of agency <paramref name="code"/>, whose HTTP handler
    /// <paramref name="configure"/> may adjust further (for instance to hold on to its sockets).
    /// </summary>
    public CallInvoker AgencyWithHandler(string code, Action<SocketsHttpHandler> configure) =>
        Connect(handler =>
        {
            handler.SslOptions.ClientCertificates = [X509CertificateLoader.LoadPkcs12FromFile(RepositoryPaths.SampleCert(AgencyPfx(code)), SamplePassword)];
            configure(handler);
        }, null);

    private CallInvoker Connect(Action<SocketsHttpHandler> presentCertificate, GrpcChannelOptions? options)
    {
        var handler = Http2Handlers.Create();
        var root = X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("root-ca.crt"));
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && ChainsTo(root, certificate),
        };
        presentCertificate(handler);

        options ??= new GrpcChannelOptions();
        options.HttpHandler = handler;
        options.DisposeHttpClient = true;
        var channel = GrpcChannel.ForAddress(Server.TlsAddress!, options);
        _channels.Add(channel);
        return channel.CreateCallInvoker();
    }

    public CallInvoker Agency(string code) => As(AgencyPfx(code));

    private static string AgencyPfx(string code) => code == G22 ? "agency-G22.pfx" : "agency-H41.pfx";

    public CallInvoker Operator() => As("operator.pfx");

    public CallInvoker Auditor() => As("auditor.pfx");

    /// <summary>A channel to the development plaintext endpoint.</summary>
    public CallInvoker Plaintext(GrpcChannelOptions? options = null)
    {
        var channel = GrpcChannel.ForAddress(Server.PlaintextAddress!, options ?? new GrpcChannelOptions());
        _channels.Add(channel);
        return channel.CreateCallInvoker();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed; the temp folder is cleaned by the OS eventually.
        }
    }

    private static bool ChainsTo(X509Certificate2 root, X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
