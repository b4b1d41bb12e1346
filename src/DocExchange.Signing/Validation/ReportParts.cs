using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Validation;

/// <summary>The signing certificate, as a report shows it.</summary>
public sealed record SignerDetails(
    string CommonName,
    string? Organization,
    string? AgencyCode,
    string Subject,
    string Issuer,
    string SerialNumber,
    byte[] CertificateSha256,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>The details of <paramref name="certificate"/>, as every report shows a signer.</summary>
    public static SignerDetails Of(X509Certificate2 certificate)
    {
        var organization = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(n => n.GetSingleElementType().Value == "2.5.4.10").Select(n => n.GetSingleElementValue()).FirstOrDefault();
        return new SignerDetails(
            certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            organization,
            AgencyCertificateIdentity.FindAgencyCode(certificate),
            certificate.Subject,
            certificate.Issuer,
            new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true).ToString("X", System.Globalization.CultureInfo.InvariantCulture).TrimStart('0'),
            SHA256.HashData(certificate.RawData),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }
}

/// <summary>What a signature covers.</summary>
/// <param name="ByteRange">The /ByteRange as [offset, length] pairs.</param>
/// <param name="Revision">The 1-based revision the signature closes; 0 when it closes none.</param>
public sealed record SignatureCoverage(IReadOnlyList<long> ByteRange, int Revision, bool CoversWholeRevision, bool IsLastRevision);

/// <summary>One change made by a revision after the signature.</summary>
public sealed record Modification(int Revision, string Description, bool Allowed);
