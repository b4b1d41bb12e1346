namespace DocExchange.Signing.Timestamping;

/// <summary>An RFC 3161 time-stamping authority.</summary>
public interface ITimestampAuthority
{
    /// <summary>Returns a TimeStampToken (a DER ContentInfo, RFC 3161 §2.4.2) over the given message hash.</summary>
    Task<byte[]> GetTimestampTokenAsync(ReadOnlyMemory<byte> messageHash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);
}
