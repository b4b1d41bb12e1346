namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// Anchors checkpoints in time with an RFC 3161 time-stamping authority. Implemented outside the audit library
/// (the server adapts its TSA) so that this library needs no CMS code.
/// </summary>
public interface ICheckpointTimestamper
{
    /// <summary>Returns a TimeStampToken (DER ContentInfo, RFC 3161 §2.4.2) whose message imprint is <paramref name="bodySha256"/>.</summary>
    Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> bodySha256, CancellationToken cancellationToken);
}
