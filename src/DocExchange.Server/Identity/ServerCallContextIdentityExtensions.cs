using Grpc.Core;

namespace DocExchange.Server.Identity;

public static class ServerCallContextIdentityExtensions
{
    /// <summary>The caller established by <see cref="CallerIdentification"/>.</summary>
    public static CallerIdentity Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(CallerIdentity), out var identity) ? (CallerIdentity)identity : CallerIdentity.Anonymous;
}
