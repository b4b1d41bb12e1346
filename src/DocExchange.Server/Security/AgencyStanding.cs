using Grpc.Core;
using DocExchange.Server.Identity;

namespace DocExchange.Server.Security;

/// <summary>The registry's standing rule: a deactivated agency can neither send nor read, fetch, acknowledge or sign.</summary>
public static class AgencyStanding
{
    /// <summary>The refusal (FAILED_PRECONDITION) when <paramref name="caller"/> is a deactivated agency calling the
    /// Exchange or Signing service <paramref name="service"/>; null otherwise.</summary>
    public static async ValueTask<CallRefusal?> RefusalAsync(RegistryTrustCache registry, string service, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Role != CallerRole.Agency
            || (service != Protocol.V1.Exchange.Descriptor.FullName && service != Protocol.V1.Signing.Descriptor.FullName)
            || await registry.GetAsync(caller.RequireAgency(), cancellationToken).ConfigureAwait(false) is not { Active: false })
        {
            return null;
        }

        return new CallRefusal(StatusCode.FailedPrecondition,
            $"agency {caller.Agency} is deactivated in the registry and can no longer use {service}: ask an operator to reactivate it.");
    }
}
