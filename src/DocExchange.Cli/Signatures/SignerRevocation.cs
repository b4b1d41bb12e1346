using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Validation;

namespace DocExchange.Cli.Signatures;

/// <summary>
/// Before <c>dx sign</c> signs: is the signing certificate revoked according to the CRLs given with <c>--crl</c>? The
/// issuer whose key checks the CRL comes from the signer's PKCS#12 file. Each finding is one line for the clerk.
/// </summary>
public static class SignerRevocation
{
    public static async Task<IReadOnlyList<string>> ProblemsAsync(
        X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<FileInfo> crlFiles, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(crlFiles);
        if (crlFiles.Count == 0)
        {
            return [];
        }
        var problems = new List<string>();
        var encoded = new List<byte[]>();
        foreach (var file in crlFiles)
        {
            encoded.Add(await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false));
        }
        var crls = new CrlSet(encoded, problems);
        var issuer = chain.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData));
        if (issuer is null)
        {
            problems.Add($"Revocation was not checked: the PKCS#12 file does not hold the issuer '{certificate.Issuer}' of the signing certificate, whose key checks the CRL.");
            return problems;
        }
        var status = crls.Check(certificate, issuer, now);
        if (status.Revoked)
        {
            problems.Add($"The signing certificate was revoked on {status.RevokedAt:u} (CRL of '{issuer.Subject}').");
        }
        else if (!status.Found)
        {
            problems.Add($"Revocation was not checked: {status.Problem}");
        }
        return problems;
    }
}
