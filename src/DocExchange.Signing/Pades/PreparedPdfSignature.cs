namespace DocExchange.Signing.Pades;

/// <summary>
/// A PDF written with an empty signature: what to sign (<see cref="DocumentDigest"/> over <see cref="ByteRange"/>)
/// and where the CMS goes. Plain data, so the second step can run in another process.
/// </summary>
public sealed record PreparedPdfSignature(
    string FieldName,
    IReadOnlyList<long> ByteRange,
    long ContentsOffset,
    int ContentsCapacity,
    HashAlgorithmName DigestAlgorithm,
    byte[] DocumentDigest,
    DateTimeOffset SigningTime,
    long Length);
