using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;

namespace DocExchange.Server.Identity;

public static class CallerActorMapping
{
    /// <summary>The caller as the audit trail records it: agency code or role, and certificate thumbprint.</summary>
    public static ExchangeActor ToActor(this CallerIdentity caller)
    {
        var thumbprint = Thumbprint(caller);
        return caller.Role switch
        {
            CallerRole.Agency => ExchangeActor.ForAgency(caller.RequireAgency(), thumbprint),
            CallerRole.Operator => ExchangeActor.ForRole(ExchangeActor.OperatorRole, thumbprint),
            CallerRole.Auditor => ExchangeActor.ForRole(ExchangeActor.AuditorRole, thumbprint),
            _ => ExchangeActor.ForRole(ExchangeActor.AnonymousRole, thumbprint),
        };
    }

    /// <summary>
    /// A caller whose certificate was refused, as the audit trail records it: role
    /// <see cref="ExchangeActor.UnauthenticatedRole"/>, no agency (what the certificate claims is unverified, so the
    /// event must not count as that agency's), and the certificate's thumbprint.
    /// </summary>
    public static ExchangeActor ToUnverifiedActor(this CallerIdentity claimed) =>
        ExchangeActor.ForRole(ExchangeActor.UnauthenticatedRole, Thumbprint(claimed));

    private static Sha256Digest? Thumbprint(CallerIdentity caller) =>
        caller.CertificateSha256.Length == Sha256Digest.ByteLength ? Sha256Digest.FromBytes(caller.CertificateSha256) : null;
}
