using System.Security.Cryptography.X509Certificates;
using DocExchange.Bench;
using DocExchange.Signing.Pki;

namespace DocExchange.LoadGenerator.Hosting;

/// <summary>
/// The throwaway PKI written where a server process can read it: its TLS certificate, the CA its clients chain to,
/// and the signing trust anchor with its CRL. Client certificates stay in memory.
/// </summary>
internal sealed class BenchFiles : IDisposable
{
    private BenchFiles(string directory, BenchPki pki)
    {
        Directory = directory;
        Pki = pki;
    }

    public string Directory { get; }

    public BenchPki Pki { get; }

    public string ServerPfx => Path.Combine(Directory, "server.pfx");

    public string RootPem => Path.Combine(Directory, "root-ca.crt");

    public string CrlDer => Path.Combine(Directory, "root-ca.crl");

    public static async Task<BenchFiles> WriteAsync(string directory, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(directory);
        var pki = BenchPki.Create();
        var files = new BenchFiles(directory, pki);
        using var server = pki.IssueServer();
        await PkiFiles.WritePfxAsync(files.ServerPfx, server, [pki.RootCertificate], BenchPki.Password, ct);
        await PkiFiles.WriteCertificatePemAsync(files.RootPem, pki.RootCertificate, ct);
        await File.WriteAllBytesAsync(files.CrlDer, pki.Crl, ct);
        return files;
    }

    /// <summary>The settings of a server using this PKI, validating every signature against it with revocation required.</summary>
    public IReadOnlyList<string> ServerArguments(string repositoryRoot) =>
    [
        $"--DocExchange:Tls:CertificatePath={ServerPfx}",
        $"--DocExchange:Tls:CertificatePassword={BenchPki.Password}",
        $"--DocExchange:Tls:ClientCaPath={RootPem}",
        $"--DocExchange:Audit:KeyPassword={BenchPki.Password}",
        $"--DocExchange:Signing:TrustAnchorsPath={RootPem}",
        $"--DocExchange:Signing:CrlPaths:0={CrlDer}",
        "--DocExchange:Signing:RevocationPolicy=Require",
        $"--DocExchange:Signing:KeystorePath={Path.Combine(repositoryRoot, "certs-sample", "signing", "seals")}",
        "--DocExchange:Signing:KeystorePassword=docexchange-sample",
        $"--DocExchange:Signing:Tsa:CertificatePath={Path.Combine(repositoryRoot, "certs-sample", "signing", "tsa.pfx")}",
    ];

    public X509Certificate2 RootCertificate() => Pki.RootCertificate;

    public void Dispose() => Pki.Dispose();
}
