using DocExchange.Audit.Trail;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;
using DocExchange.Server.Hosting;
using Grpc.Core;
using DocExchange.Server.Identity;
using DocExchange.Server.Security;

namespace DocExchange.Server.Authorization;

/// <summary>
/// The one place where calls are refused for who the caller is, each refusal recorded in the audit trail:
/// a client certificate the <see cref="ClientCertificateAuthenticator"/> refused (UNAUTHENTICATED: untrusted for the
/// identity it binds, expired, revoked), a role the <see cref="AccessPolicy"/> does not allow
/// (UNAUTHENTICATED without an identity, PERMISSION_DENIED otherwise), an agency the registry does not know
/// (PERMISSION_DENIED) or has deactivated (FAILED_PRECONDITION for Exchange and Signing, see <see cref="AgencyStanding"/>),
/// a request that claims another agency than the caller's (PERMISSION_DENIED, recorded as <c>call.impersonation</c>),
/// and any other PERMISSION_DENIED the services answer (an agency asking for what is another agency's). A refused certificate proves nothing, so its event's actor is role
/// <c>unauthenticated</c> with the certificate's thumbprint, and the identity it claims is only in the detail
/// (<c>claimed=agency:&lt;code&gt;</c>): an auditor reading an agency's events never sees it as that agency's.
/// </summary>
public sealed class CallAuthorization(AuditTrail trail, RegistryTrustCache registry, RefusalAudit refusals, TimeProvider time)
{
    /// <summary>
    /// Lets the call through, or records its refusal and throws <see cref="RpcException"/> with it. Completes at once
    /// when the caller's standing in the registry is cached.
    /// </summary>
    public async ValueTask AdmitAsync(ServerCallContext context)
    {
        var caller = context.Caller();
        var refusal = context.CallerRefusal() ?? RoleRefusal(context, caller) ?? await StandingRefusalAsync(context, caller).ConfigureAwait(false);
        if (refusal is not null)
        {
            await refusals.RecordAsync(context, refusal).ConfigureAwait(false);
            throw new RpcException(new Status(refusal.StatusCode, refusal.Message));
        }
    }

    /// <summary>
    /// What an admitted call that failed with <paramref name="error"/> (already mapped to a status where it was the
    /// domain's) ends with: a claim to act as another agency becomes PERMISSION_DENIED, recorded as
    /// <c>call.impersonation</c>; a PERMISSION_DENIED the services answered is recorded as <c>call.denied</c>; anything
    /// else is returned as it is.
    /// </summary>
    public async ValueTask<Exception> HandlerFailedAsync(ServerCallContext context, Exception error)
    {
        switch (error)
        {
            case CallerImpersonationException e:
                await RecordAsync(context, context.Caller().ToActor(), AuditActions.CallImpersonation,
                    $"method={context.Method};field={e.Field};claimed={Sanitize(e.Claimed)};status={StatusCode.PermissionDenied}").ConfigureAwait(false);
                return new RpcException(new Status(StatusCode.PermissionDenied, e.Message));
            case RpcException e when e.StatusCode == StatusCode.PermissionDenied:
                // The domain's refusals of an agency acting on what is another's (e.g. another recipient's statuses).
                await refusals.RecordAsync(context, new CallRefusal(e.StatusCode, e.Status.Detail)).ConfigureAwait(false);
                return e;
            default:
                return error;
        }
    }

    private static CallRefusal? RoleRefusal(ServerCallContext context, CallerIdentity caller)
    {
        if (AccessPolicy.IsAllowed(context.Method, caller.Role))
        {
            return null;
        }

        return caller.Role == CallerRole.Anonymous
            ? new CallRefusal(StatusCode.Unauthenticated,
                $"{context.Method} needs a client certificate that identifies an agency, an auditor or an operator.")
            : new CallRefusal(StatusCode.PermissionDenied,
                $"{context.Method} is open to {Describe(AccessPolicy.AllowedRoles(context.Method))}; the caller is {caller}.");
    }

    private ValueTask<CallRefusal?> StandingRefusalAsync(ServerCallContext context, CallerIdentity caller) =>
        AgencyStanding.RefusalAsync(registry, context.Method, caller, context.CancellationToken);

    private Task RecordAsync(ServerCallContext context, ExchangeActor actor, string action, string detail) =>
        trail.RecordAsync(
            AuditEventRecord.Simple(time.GetUtcNow(), actor, action, AuditActions.OutcomeDenied, detail),
            context.CancellationToken);

    /// <summary>Client input in an audit detail: a short prefix, without the detail's separators.</summary>
    private static string Sanitize(string claimed)
    {
        var text = new string(claimed.Take(64).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '?').ToArray());
        return claimed.Length > 64 ? text + "…" : text;
    }

    private static string Describe(IReadOnlyList<CallerRole> roles) =>
        roles.Count == 0 ? "nobody" : string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()));
}
