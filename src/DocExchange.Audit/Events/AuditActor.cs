namespace DocExchange.Audit.Events;

/// <summary>
/// Who acted: an agency (by its code), or a role ("agency", "auditor", "operator", "server", "anonymous", "unauthenticated"),
/// with the SHA-256 of the certificate presented (empty when there was none).
/// </summary>
public sealed record AuditActor
{
    public AuditActor(string organId, string role, byte[] certificateSha256)
    {
        ArgumentNullException.ThrowIfNull(organId);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(certificateSha256);
        if (certificateSha256.Length is not (0 or 32))
        {
            throw new ArgumentException("A certificate SHA-256 has 32 bytes (or none for an actor without a certificate).", nameof(certificateSha256));
        }
        OrganId = organId;
        Role = role;
        CertificateSha256 = certificateSha256;
    }

    /// <summary>Agency code, or empty for a role.</summary>
    public string OrganId { get; }

    public string Role { get; }

    /// <summary>32 bytes, or empty.</summary>
    public byte[] CertificateSha256 { get; }

    public bool Equals(AuditActor? other) =>
        other is not null && OrganId == other.OrganId && Role == other.Role
        && CertificateSha256.AsSpan().SequenceEqual(other.CertificateSha256);

    public override int GetHashCode() => HashCode.Combine(OrganId, Role, CertificateSha256.Length == 0 ? 0 : CertificateSha256[0]);
}
