namespace DocExchange.Audit.Events;

/// <summary>The SHA-256 of one part of a document (the main PDF, an attachment…).</summary>
public sealed record AuditContentHash
{
    public AuditContentHash(string partId, byte[] sha256)
    {
        ArgumentNullException.ThrowIfNull(partId);
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A content SHA-256 has 32 bytes.", nameof(sha256));
        }
        PartId = partId;
        Sha256 = sha256;
    }

    public string PartId { get; }

    public byte[] Sha256 { get; }

    public bool Equals(AuditContentHash? other) =>
        other is not null && PartId == other.PartId && Sha256.AsSpan().SequenceEqual(other.Sha256);

    public override int GetHashCode() => HashCode.Combine(PartId, Sha256[0]);
}
