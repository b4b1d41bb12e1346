using Grpc.Core;
using DocExchange.Server.Authorization;
using DocExchange.Server.Identity;

namespace DocExchange.Server.Security;

/// <summary>
/// The registry's standing rules for an agency caller. An agency the registry does not know may call only what is open
/// to everyone (health, reflection): its certificate may chain to the deployment's client CA (docs/SECURITY.md,
/// bootstrap rule), but nothing an agency or any authenticated caller may do is its until an operator registers it.
/// A deactivated agency can neither send nor read, fetch, acknowledge or sign.
/// </summary>
public static class AgencyStanding
{
    /// <summary>
    /// The refusal when <paramref name="caller"/> is an agency that may not call <paramref name="method"/> ("/package.Service/Method")
    /// for its standing in the registry: PERMISSION_DENIED when it is not registered, FAILED_PRECONDITION when it is
    /// deactivated and the method is one of Exchange or Signing; null otherwise.
    /// </summary>
    public static async ValueTask<CallRefusal?> RefusalAsync(RegistryTrustCache registry, string method, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Role != CallerRole.Agency || AccessPolicy.IsAllowed(method, CallerRole.Anonymous))
        {
            return null;
        }

        var trust = await registry.GetAsync(caller.RequireAgency(), cancellationToken).ConfigureAwait(false);
        if (trust is null)
        {
            return new CallRefusal(StatusCode.PermissionDenied,
                $"agency {caller.Agency} is not registered: ask an operator to register it (dx agency add). Until then its certificate opens only the health and reflection services.");
        }

        var service = AccessPolicy.ServiceOf(method);
        if (trust.Active || (service != Protocol.V1.Exchange.Descriptor.FullName && service != Protocol.V1.EdXmlExchange.Descriptor.FullName
            && service != Protocol.V1.Signing.Descriptor.FullName))
        {
            return null;
        }

        return new CallRefusal(StatusCode.FailedPrecondition,
            $"agency {caller.Agency} is deactivated in the registry and can no longer use {service}: ask an operator to reactivate it.");
    }
}
