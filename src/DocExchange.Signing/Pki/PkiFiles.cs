using System.Text;

namespace DocExchange.Signing.Pki;

/// <summary>Writes certificates, keys and CRLs as PFX (PKCS #12), PEM and DER files.</summary>
public static class PkiFiles
{
    /// <summary>Writes a PKCS #12 file with the certificate, its private key and the given chain (AES-256, PBES2).</summary>
    public static Task WritePfxAsync(string path, X509Certificate2 certificate, IEnumerable<X509Certificate2> chain, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(password);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"Certificate '{certificate.Subject}' has no private key to export.", nameof(certificate));
        }
        var collection = new X509Certificate2Collection(certificate);
        foreach (var issuer in chain)
        {
            collection.Add(X509CertificateLoader.LoadCertificate(issuer.RawData));
        }
        var pfx = collection.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
        return WriteFileAsync(path, pfx, cancellationToken);
    }

    /// <summary>Writes the certificate as PEM.</summary>
    public static Task WriteCertificatePemAsync(string path, X509Certificate2 certificate, CancellationToken cancellationToken) =>
        WriteFileAsync(path, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"), cancellationToken);

    /// <summary>Writes the certificate's private key as unencrypted PKCS #8 PEM.</summary>
    public static Task WritePrivateKeyPemAsync(string path, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException($"Certificate '{certificate.Subject}' has no RSA or ECDSA private key.", nameof(certificate));
        using (key)
        {
            return WriteFileAsync(path, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"), cancellationToken);
        }
    }

    /// <summary>Writes a DER CRL and its PEM twin (<c>derPath</c> and <c>derPath.pem</c>).</summary>
    public static async Task WriteCrlAsync(string derPath, byte[] crl, CancellationToken cancellationToken)
    {
        await WriteFileAsync(derPath, crl, cancellationToken).ConfigureAwait(false);
        var pem = PemEncoding.WriteString("X509 CRL", crl) + "\n";
        await WriteFileAsync(derPath + ".pem", Encoding.ASCII.GetBytes(pem), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteFileAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
    }
}
