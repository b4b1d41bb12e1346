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
    DateTimeOffset NotAfter);

/// <summary>What a signature covers.</summary>
/// <param name="ByteRange">The /ByteRange as [offset, length] pairs.</param>
/// <param name="Revision">The 1-based revision the signature closes; 0 when it closes none.</param>
public sealed record SignatureCoverage(IReadOnlyList<long> ByteRange, int Revision, bool CoversWholeRevision, bool IsLastRevision);

/// <summary>One change made by a revision after the signature.</summary>
public sealed record Modification(int Revision, string Description, bool Allowed);
