using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Server.Identity;

namespace DocExchange.Server.Authorization;

/// <summary>Refuses a call whose caller's role the <see cref="AccessPolicy"/> does not allow, before any handler runs.</summary>
public sealed class AuthorizationInterceptor : IGrpcServerInterceptor
{
    public Task InterceptAsync(ServerCallContext context, Func<Task> next)
    {
        var caller = context.Caller();
        if (AccessPolicy.IsAllowed(context.Method, caller.Role))
        {
            return next();
        }

        if (caller.Role == CallerRole.Anonymous)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"{context.Method} needs a client certificate that identifies an agency, an auditor or an operator."));
        }

        var allowed = AccessPolicy.AllowedRoles(context.Method);
        var who = allowed.Count == 0 ? "nobody" : string.Join(" or ", allowed.Select(r => r.ToString().ToLowerInvariant()));
        throw new RpcException(new Status(StatusCode.PermissionDenied,
            $"{context.Method} is open to {who}; the caller is {caller}."));
    }
}
