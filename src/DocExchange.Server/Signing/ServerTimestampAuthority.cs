using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Server.Signing;

/// <summary>The server's own RFC 3161 time-stamping authority (in process), and the CA to trust for it.</summary>
public sealed class ServerTimestampAuthority(ITimestampAuthority authority, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, bool generated)
{
    /// <summary>Whether the server generated this TSA itself; its CA is then trusted by this server's validation.</summary>
    public bool IsGenerated { get; } = generated;

    public ITimestampAuthority Authority { get; } = authority;

    public X509Certificate2 Certificate { get; } = certificate;

    /// <summary>The TSA certificate's issuers, nearest first.</summary>
    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    /// <summary>
    /// The generated TSA CA's CRL (DER, listing nothing, current until the TSA certificate expires), so that the
    /// server's own time-stamps have a revocation status under the Require revocation policy; empty otherwise.
    /// </summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>
    /// Loads the configured TSA file; when none is configured or the file is missing, uses (or creates, at first start)
    /// a TSA under <c>&lt;dataDirectory&gt;/signing</c>: a server-held root "DocExchange Server TSA CA" (tsa-ca.crt, to add
    /// to verifiers' trust anchors) and tsa.p12 encrypted with the keystore password.
    /// </summary>
    public static async Task<ServerTimestampAuthority> LoadOrCreateAsync(string? path, string? password, string dataDirectory, Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(path) && File.Exists(Path.GetFullPath(path)))
        {
            return FromPkcs12(Path.GetFullPath(path), password, isGenerated: false);
        }
        if (!string.IsNullOrEmpty(path))
        {
            logger.Warning("The TSA file {Path} does not exist; using the server-generated TSA under the data directory instead", Path.GetFullPath(path));
        }
        var directory = Path.Combine(dataDirectory, "signing");
        var generated = Path.Combine(directory, "tsa.p12");
        var crlPath = Path.Combine(directory, "tsa-ca.crl");
        if (File.Exists(generated) && !string.IsNullOrEmpty(password))
        {
            var existing = FromPkcs12(generated, password, isGenerated: true);
            if (!File.Exists(crlPath))
            {
                logger.Warning("The generated TSA has no CRL ({Crl}): its time-stamps are INDETERMINATE under the Require revocation policy; delete {Directory} to generate a new TSA with one",
                    crlPath, directory);
                return existing;
            }
            return new ServerTimestampAuthority(existing.Authority, existing.Certificate, existing.Chain, generated: true)
            {
                Crls = [await File.ReadAllBytesAsync(crlPath, cancellationToken).ConfigureAwait(false)],
            };
        }

        using var ca = CertificateAuthority.CreateRoot(
            new X500DistinguishedName($"CN=DocExchange Server TSA CA ({Environment.MachineName}), O=DocExchange"), PkiKeyAlgorithm.EcdsaP256);
        var tsa = ca.Issue(CertificateProfile.TimestampAuthority, new CertificateSpec(new X500DistinguishedName("CN=DocExchange Server TSA, O=DocExchange"))
        {
            KeyAlgorithm = PkiKeyAlgorithm.EcdsaP256,
            NotAfter = DateTimeOffset.UtcNow.AddYears(10),
        });
        var root = X509CertificateLoader.LoadCertificate(ca.Certificate.RawData);
        // The CA key is discarded below: its one CRL says, until the TSA certificate expires, that nothing is revoked.
        var crl = ca.CreateCrl([], nextUpdate: new DateTimeOffset(tsa.NotAfter.ToUniversalTime()));
        Directory.CreateDirectory(directory);
        await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, "tsa-ca.crt"), root, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(crlPath, crl, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(password))
        {
            logger.Warning("No keystore password is configured: the generated TSA key is kept in memory only and a new TSA is created at every start");
        }
        else
        {
            await PkiFiles.WritePfxAsync(generated, tsa, [root], password, cancellationToken).ConfigureAwait(false);
        }
        logger.Information("Generated the server's TSA certificate; verifiers must trust {TsaCa}", Path.Combine(directory, "tsa-ca.crt"));
        return new ServerTimestampAuthority(new InProcessTimestampAuthority(tsa, [root]), tsa, [root], generated: true) { Crls = [crl] };
    }

    private static ServerTimestampAuthority FromPkcs12(string path, string? password, bool isGenerated)
    {
        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The TSA file {path} cannot be opened (wrong DocExchange:Signing:Tsa:CertificatePassword, or KeystorePassword when that is empty, or a damaged file): {e.Message}", e);
        }
        var certificate = collection.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new InvalidOperationException($"The TSA file {path} holds no private key.");
        var chain = collection.Where(c => !ReferenceEquals(c, certificate)).ToList();
        return new ServerTimestampAuthority(new InProcessTimestampAuthority(certificate, chain), certificate, chain, isGenerated);
    }
}
