using DocExchange.Core.Storage;

namespace DocExchange.Core.Agencies;

/// <summary>A registered agency. Its parent is derived from its code.</summary>
public sealed record Agency(
    AgencyCode Code,
    string Name,
    AgencyContact Contact,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public AgencyCode? ParentCode => Code.Parent;

    /// <summary>CA certificates trusted to issue certificates for this agency, in the order they were added.</summary>
    public IReadOnlyList<TrustedCa> TrustedCas { get; init; } = [];

    /// <summary>The latest CRL published for each trusted CA.</summary>
    public IReadOnlyList<AgencyCrl> Crls { get; init; } = [];

    /// <summary>SHA-256 thumbprints of client certificates pinned to this agency.</summary>
    public IReadOnlyList<Sha256Digest> PinnedThumbprints { get; init; } = [];

    // Value equality over the lists too (a record compares them by reference).
    public bool Equals(Agency? other) =>
        other is not null
        && Code == other.Code && Name == other.Name && Contact == other.Contact && Active == other.Active
        && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt
        && TrustedCas.SequenceEqual(other.TrustedCas) && Crls.SequenceEqual(other.Crls) && PinnedThumbprints.SequenceEqual(other.PinnedThumbprints);

    public override int GetHashCode() => HashCode.Combine(Code, Name, Active, CreatedAt, UpdatedAt, TrustedCas.Count, Crls.Count, PinnedThumbprints.Count);
}
