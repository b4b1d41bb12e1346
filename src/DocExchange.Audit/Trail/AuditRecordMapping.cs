using DocExchange.Audit.Events;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;

namespace DocExchange.Audit.Trail;

/// <summary>
/// Converts the domain's <see cref="AuditEventRecord"/> to the trail's <see cref="AuditEvent"/> and its canonical leaf
/// bytes, and back. Stores call <see cref="ToLeaf"/> inside the transaction that assigns the sequence.
/// </summary>
public static class AuditRecordMapping
{
    /// <summary>The event as it enters the log at <paramref name="sequence"/> (time truncated to microseconds).</summary>
    public static AuditEvent ToAuditEvent(AuditEventRecord record, long sequence)
    {
        ArgumentNullException.ThrowIfNull(record);
        var actor = new AuditActor(record.Actor.OrganId, record.Actor.Role,
            record.Actor.CertificateSha256 is { } certificate ? certificate.ToByteArray() : []);
        return new AuditEvent(
            sequence,
            record.OccurredAt,
            actor,
            record.Action,
            record.DocumentId ?? string.Empty,
            record.Recipients ?? [],
            (record.ContentHashes ?? []).Select(h => new AuditContentHash(h.PartId, h.Sha256.ToByteArray())).ToList(),
            record.Outcome,
            record.Detail ?? string.Empty);
    }

    /// <summary>The canonical leaf bytes of <paramref name="record"/> at <paramref name="sequence"/>.</summary>
    /// <exception cref="ArgumentException">A text field is not valid Unicode.</exception>
    public static byte[] ToLeaf(AuditEventRecord record, long sequence) => AuditEventEncoding.Encode(ToAuditEvent(record, sequence));

    /// <summary>The domain record of a decoded event.</summary>
    public static AuditEventRecord ToRecord(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var certificate = auditEvent.Actor.CertificateSha256.Length == 0 ? (Sha256Digest?)null : Sha256Digest.FromBytes(auditEvent.Actor.CertificateSha256);
        return new AuditEventRecord(
            auditEvent.Sequence,
            auditEvent.Time,
            new ExchangeActor(auditEvent.Actor.OrganId, auditEvent.Actor.Role, certificate),
            auditEvent.Action,
            auditEvent.DocumentId,
            auditEvent.Recipients,
            auditEvent.ContentHashes.Select(h => new PartHash(h.PartId, Sha256Digest.FromBytes(h.Sha256))).ToList(),
            auditEvent.Outcome,
            auditEvent.Detail);
    }
}
