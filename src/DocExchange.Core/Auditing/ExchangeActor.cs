using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Auditing;

/// <summary>
/// Who acted, as the audit trail records it: an agency (by its code) or a role, with the SHA-256 of the
/// certificate the caller presented. The server builds it from the caller's identity and passes it to the
/// <see cref="Exchange.ExchangeService"/> methods that change state.
/// </summary>
/// <param name="OrganId">The agency code for an agency; empty for a role.</param>
/// <param name="Role">One of the role names below.</param>
/// <param name="CertificateSha256">SHA-256 of the caller's certificate (DER); null when it presented none.</param>
public sealed record ExchangeActor(string OrganId, string Role, Sha256Digest? CertificateSha256)
{
    public const string AgencyRole = "agency";
    public const string OperatorRole = "operator";
    public const string AuditorRole = "auditor";
    public const string ServerRole = "server";
    public const string AnonymousRole = "anonymous";

    /// <summary>
    /// A caller whose client certificate was refused: it proves no identity, so the actor names none (the identity
    /// the certificate claims goes into the event's detail, never into <see cref="OrganId"/>).
    /// </summary>
    public const string UnauthenticatedRole = "unauthenticated";

    /// <summary>The server itself (start-up, configuration and key events).</summary>
    public static ExchangeActor Server { get; } = new(string.Empty, ServerRole, null);

    public string OrganId { get; } = OrganId ?? throw new ArgumentNullException(nameof(OrganId));

    public string Role { get; } = string.IsNullOrWhiteSpace(Role) ? throw new ArgumentException("An actor needs a role.", nameof(Role)) : Role;

    public static ExchangeActor ForAgency(AgencyCode agency, Sha256Digest? certificateSha256 = null) =>
        new(agency.Value, AgencyRole, certificateSha256);

    /// <summary>A caller acting in a role (operator, auditor, …) rather than as an agency.</summary>
    public static ExchangeActor ForRole(string role, Sha256Digest? certificateSha256 = null) =>
        new(string.Empty, role, certificateSha256);

    public override string ToString() => OrganId.Length > 0 ? $"{Role} {OrganId}" : Role;
}
