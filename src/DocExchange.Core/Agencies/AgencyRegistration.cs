namespace DocExchange.Core.Agencies;

/// <summary>What an operator supplies to register an agency. The code is parsed by the service.</summary>
/// <param name="TrustedCaDer">DER-encoded CA certificates trusted to issue certificates for the agency.</param>
/// <param name="PinnedThumbprints">SHA-256 thumbprints (32 bytes each) of client certificates pinned to the agency.</param>
public sealed record AgencyRegistration(
    string Code,
    string Name,
    AgencyContact? Contact = null,
    IReadOnlyList<byte[]>? TrustedCaDer = null,
    IReadOnlyList<byte[]>? PinnedThumbprints = null);
