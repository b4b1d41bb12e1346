using System.Net;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Cli.Certificates;

/// <summary>One file written by <see cref="DemoPkiWriter"/> and what it is for.</summary>
public sealed record WrittenFile(string Path, string Purpose);

/// <summary>
/// A complete PKI for a demonstration or test deployment, made with the signing library's PKI builder, in the layout of
/// certs-sample/: a TLS root for the server and the mutual-TLS clients (agencies by SAN URI
/// <c>urn:docexchange:agency:CODE</c>, operator and auditor by <c>urn:docexchange:role:NAME</c>), and a separate signing
/// root (so that no signing certificate can log in) for personal signers, agency seals and the TSA, with its CRL.
/// The roots' private keys are not kept: to add an agency, generate a new set.
/// </summary>
public sealed class DemoPkiWriter
{
    private readonly string _directory;
    private readonly string _password;
    private readonly List<WrittenFile> _written = [];

    public DemoPkiWriter(string directory, string password)
    {
        _directory = Path.GetFullPath(directory);
        _password = password;
    }

    public IReadOnlyList<WrittenFile> Written => _written;

    public async Task WriteAsync(IReadOnlyList<string> agencyCodes, IReadOnlyList<string> serverNames, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var from = now.AddHours(-1);
        var until = now.AddYears(2);
        using var tlsRoot = CertificateAuthority.CreateRoot(Name("DocExchange Demo TLS Root CA"), PkiKeyAlgorithm.EcdsaP384, now.AddDays(-1), now.AddYears(10));
        using var signingRoot = CertificateAuthority.CreateRoot(Name("DocExchange Demo Signing Root CA"), PkiKeyAlgorithm.EcdsaP384, now.AddDays(-1), now.AddYears(10));
        X509Certificate2[] tlsChain = [tlsRoot.Certificate];
        X509Certificate2[] signingChain = [signingRoot.Certificate];

        await CertificateAsync("root-ca.crt", tlsRoot.Certificate, "TLS root: the server's Tls:ClientCaPath and the clients' --ca", ct).ConfigureAwait(false);
        using (var server = tlsRoot.Issue(CertificateProfile.TlsServer, new CertificateSpec(Name(serverNames[0]))
        {
            DnsNames = serverNames.Where(n => !IPAddress.TryParse(n, out _)).ToList(),
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback, .. serverNames.Select(n => IPAddress.TryParse(n, out var ip) ? ip : null).OfType<IPAddress>()],
            NotBefore = from,
            NotAfter = until,
        }))
        {
            await PairAsync("server", server, tlsChain, $"TLS server certificate ({string.Join(", ", serverNames)}, 127.0.0.1, ::1): Tls:CertificatePath", ct).ConfigureAwait(false);
        }
        foreach (string code in agencyCodes)
        {
            using var client = tlsRoot.Issue(CertificateProfile.AgencyClient, new CertificateSpec(Name($"Agency system {code}")) { AgencyCode = code, NotBefore = from, NotAfter = until });
            await PairAsync($"agency-{code}", client, tlsChain, $"mutual-TLS client of agency {code} (SAN {AgencyCertificateIdentity.UriPrefix}{code})", ct).ConfigureAwait(false);
        }
        foreach (string role in new[] { "operator", "auditor" })
        {
            using var client = tlsRoot.Issue(CertificateProfile.AgencyClient, new CertificateSpec(Name($"DocExchange {role}"))
            {
                Uris = [new Uri(RoleUriPrefix + role)],
                NotBefore = from,
                NotAfter = until,
            });
            await PairAsync(role, client, tlsChain, $"mutual-TLS client of the {role} role (SAN {RoleUriPrefix}{role})", ct).ConfigureAwait(false);
        }

        await CertificateAsync(Path.Combine("signing", "root-ca.crt"), signingRoot.Certificate, "signing root: Signing:TrustAnchorsPath and 'dx verify --trust'", ct).ConfigureAwait(false);
        byte[] crl = signingRoot.CreateCrl([], now.AddMinutes(-5), now.AddYears(1));
        await WriteAsync(Path.Combine("signing", "root-ca.crl"), crl, "the signing root's CRL (no entry; next update in a year): Signing:CrlPaths and 'dx verify --crl'", ct).ConfigureAwait(false);
        foreach (string code in agencyCodes)
        {
            using var signer = signingRoot.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name($"Signer of {code}", $"Agency {code}", "Competent person"))
            {
                KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, AgencyCode = code, NotBefore = from, NotAfter = until,
            });
            await PairAsync(Path.Combine("signing", $"signer-{code}"), signer, signingChain, $"personal signer (QcType esign) of {code}: 'dx sign --cert'", ct).ConfigureAwait(false);
            using var seal = signingRoot.Issue(CertificateProfile.OrganisationSeal, new CertificateSpec(Name($"Agency {code}", $"Agency {code}"))
            {
                KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, AgencyCode = code, NotBefore = from, NotAfter = until,
            });
            await CertificateAsync(Path.Combine("signing", $"seal-{code}.crt"), seal, $"seal certificate of {code}", ct).ConfigureAwait(false);
            await PfxAsync(Path.Combine("signing", "seals", $"{code}.p12"), seal, signingChain, $"seal (QcType eseal) of {code} with its key: the server's keystore, Signing:KeystorePath", ct).ConfigureAwait(false);
        }
        using var tsa = signingRoot.Issue(CertificateProfile.TimestampAuthority, new CertificateSpec(Name("DocExchange Demo TSA"))
        {
            KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, NotBefore = from, NotAfter = until,
        });
        await PairAsync(Path.Combine("signing", "tsa"), tsa, signingChain, "the server's time-stamping authority: Signing:Tsa:CertificatePath", ct).ConfigureAwait(false);
    }

    public const string RoleUriPrefix = "urn:docexchange:role:";

    private async Task PairAsync(string name, X509Certificate2 certificate, X509Certificate2[] chain, string purpose, CancellationToken ct)
    {
        await CertificateAsync(name + ".crt", certificate, purpose + " (certificate only)", ct).ConfigureAwait(false);
        await PfxAsync(name + ".pfx", certificate, chain, purpose, ct).ConfigureAwait(false);
    }

    private async Task CertificateAsync(string name, X509Certificate2 certificate, string purpose, CancellationToken ct)
    {
        string path = Path.Combine(_directory, name);
        await PkiFiles.WriteCertificatePemAsync(path, certificate, ct).ConfigureAwait(false);
        _written.Add(new WrittenFile(path, purpose));
    }

    private async Task PfxAsync(string name, X509Certificate2 certificate, X509Certificate2[] chain, string purpose, CancellationToken ct)
    {
        string path = Path.Combine(_directory, name);
        await PkiFiles.WritePfxAsync(path, certificate, chain, _password, ct).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        _written.Add(new WrittenFile(path, purpose));
    }

    private async Task WriteAsync(string name, byte[] content, string purpose, CancellationToken ct)
    {
        string path = Path.Combine(_directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, ct).ConfigureAwait(false);
        _written.Add(new WrittenFile(path, purpose));
    }

    private static X500DistinguishedName Name(string cn, string o = "DocExchange Demo", string? title = null) => SubjectNames.Of(cn, o, title);
}
