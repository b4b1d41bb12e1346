using DocExchange.Audit.Trail;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;
using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Server.Identity;

namespace DocExchange.Server.Authorization;

/// <summary>
/// Refuses a call whose caller's role the <see cref="AccessPolicy"/> does not allow, before any handler runs, and
/// records the refusal in the audit trail.
/// </summary>
public sealed class AuthorizationInterceptor(AuditTrail trail, TimeProvider time) : IGrpcServerInterceptor
{
    public async Task InterceptAsync(ServerCallContext context, Func<Task> next)
    {
        var caller = context.Caller();
        if (AccessPolicy.IsAllowed(context.Method, caller.Role))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var status = caller.Role == CallerRole.Anonymous
            ? new Status(StatusCode.Unauthenticated,
                $"{context.Method} needs a client certificate that identifies an agency, an auditor or an operator.")
            : new Status(StatusCode.PermissionDenied, $"{context.Method} is open to {Describe(AccessPolicy.AllowedRoles(context.Method))}; the caller is {caller}.");
        await trail.RecordAsync(
            AuditEventRecord.Simple(time.GetUtcNow(), caller.ToActor(), AuditActions.CallDenied, AuditActions.OutcomeDenied,
                $"method={context.Method};status={status.StatusCode}"),
            context.CancellationToken).ConfigureAwait(false);
        throw new RpcException(status);
    }

    private static string Describe(IReadOnlyList<CallerRole> roles) =>
        roles.Count == 0 ? "nobody" : string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()));
}
