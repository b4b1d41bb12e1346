using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Signatures;

/// <summary>
/// The trust anchors and CRLs of a local validation: from <c>--trust</c> and <c>--crl</c>, else the sample signing
/// root (and its CRL) when <c>certs-sample/signing/root-ca.crt</c> is in the current directory. The view says which.
/// </summary>
public sealed record TrustMaterial(IReadOnlyList<X509Certificate2> Anchors, IReadOnlyList<X509Certificate2> Intermediates, IReadOnlyList<byte[]> Crls, TrustView View)
{
    public static readonly string DefaultAnchorPath = Path.Combine("certs-sample", "signing", "root-ca.crt");
    public static readonly string DefaultCrlPath = Path.Combine("certs-sample", "signing", "root-ca.crl");

    public static async Task<TrustMaterial> LoadAsync(
        IReadOnlyList<FileInfo> anchorFiles, IReadOnlyList<FileInfo> intermediateFiles, IReadOnlyList<FileInfo> crlFiles, string revocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anchorFiles);
        ArgumentNullException.ThrowIfNull(intermediateFiles);
        ArgumentNullException.ThrowIfNull(crlFiles);
        string source;
        var anchorPaths = anchorFiles.Select(f => f.FullName).ToList();
        var crlPaths = crlFiles.Select(f => f.FullName).ToList();
        if (anchorPaths.Count > 0)
        {
            source = "from --trust";
        }
        else if (File.Exists(DefaultAnchorPath))
        {
            anchorPaths.Add(Path.GetFullPath(DefaultAnchorPath));
            source = "default: the sample signing root, for demonstrations only; pass --trust ROOT.crt for real documents";
            if (crlPaths.Count == 0 && File.Exists(DefaultCrlPath))
            {
                crlPaths.Add(Path.GetFullPath(DefaultCrlPath));
            }
        }
        else
        {
            source = "none given: no signature can chain to a trusted root; pass --trust ROOT.crt";
        }

        var anchors = new List<X509Certificate2>();
        foreach (string path in anchorPaths)
        {
            anchors.AddRange(LoadCertificates(path, "--trust"));
        }
        var intermediates = intermediateFiles.SelectMany(f => LoadCertificates(f.FullName, "--intermediates")).ToList();
        var crls = new List<byte[]>();
        foreach (string path in crlPaths)
        {
            crls.Add(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        }
        return new TrustMaterial(anchors, intermediates, crls, new TrustView(anchorPaths, crlPaths, revocation, source)
        {
            Intermediates = intermediateFiles.Select(f => f.FullName).ToList(),
        });
    }

    private static List<X509Certificate2> LoadCertificates(string path, string option)
    {
        try
        {
            var collection = new X509Certificate2Collection();
            if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPemFile(path);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
            return collection.Count > 0 ? [.. collection] : throw new CryptographicException("it holds no certificate");
        }
        catch (CryptographicException e)
        {
            throw DxException.Usage($"{option}: '{path}' is not a certificate file (PEM or DER): {e.Message}");
        }
    }
}
