using DocExchange.Protocol.Grpc;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Server.Configuration;
using DocExchange.Server.Security;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Identity;

/// <summary>
/// Establishes who is calling before any handler runs. The client certificate has already been checked
/// against the trusted CAs during the TLS handshake; here its bound identity is read, and the certificate is checked
/// against the current CRLs, since a TLS connection stays open across a revocation. On the development
/// plaintext endpoint, which has no certificates, the x-docexchange-dev-caller header stands in for one.
/// </summary>
public sealed class CallerIdentityInterceptor(IOptions<DocExchangeOptions> options, ClientCertificateRevocation revocation) : IGrpcServerInterceptor
{
    public const string DevelopmentCallerHeader = "x-docexchange-dev-caller";

    public Task InterceptAsync(ServerCallContext context, Func<Task> next)
    {
        context.UserState[typeof(CallerIdentity)] = Resolve(context);
        if (context.ClientCertificate is { } certificate && revocation.FindRevocation(certificate) is { } revoked)
        {
            context.SetCallerRefusal(new CallRefusal(StatusCode.Unauthenticated,
                $"The client certificate is revoked: {revoked}. Ask your CA for a new certificate and reconnect with it."));
        }

        return next();
    }

    private CallerIdentity Resolve(ServerCallContext context)
    {
        if (context.ClientCertificate is { } certificate)
        {
            return IdentityUris.FromCertificate(certificate) ?? CallerIdentity.Anonymous;
        }

        if (options.Value.Development.PlaintextLoopback && !context.HttpContext.Request.IsHttps
            && context.RequestHeaders.GetValue(DevelopmentCallerHeader) is { } claimed
            && IdentityUris.TryParse(claimed, [], out var identity))
        {
            return identity!;
        }

        return CallerIdentity.Anonymous;
    }
}
