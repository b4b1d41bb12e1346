using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;

namespace DocExchange.Server.Identity;

public static class CallerActorMapping
{
    /// <summary>The caller as the audit trail records it: agency code or role, and certificate thumbprint.</summary>
    public static ExchangeActor ToActor(this CallerIdentity caller)
    {
        Sha256Digest? thumbprint = caller.CertificateSha256.Length == Sha256Digest.ByteLength ? Sha256Digest.FromBytes(caller.CertificateSha256) : null;
        return caller.Role switch
        {
            CallerRole.Agency => ExchangeActor.ForAgency(caller.RequireAgency(), thumbprint),
            CallerRole.Operator => ExchangeActor.ForRole(ExchangeActor.OperatorRole, thumbprint),
            CallerRole.Auditor => ExchangeActor.ForRole(ExchangeActor.AuditorRole, thumbprint),
            _ => ExchangeActor.ForRole(ExchangeActor.AnonymousRole, thumbprint),
        };
    }
}
