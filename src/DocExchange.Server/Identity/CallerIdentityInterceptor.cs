using DocExchange.Server.Hosting;
using Grpc.Core;
using DocExchange.Server.Configuration;
using DocExchange.Server.Security;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Identity;

/// <summary>
/// Establishes who is calling before any handler runs. The TLS handshake accepts any client certificate; here, on
/// every call (a TLS connection outlives a revocation, a deactivation or a change of the registry), the
/// <see cref="ClientCertificateAuthenticator"/> decides what it proves. A certificate it refuses leaves a
/// <see cref="CallRefusal"/>, which the authorisation layer answers and audits. On the development plaintext
/// endpoint, which has no certificates, the x-docexchange-dev-caller header stands in for one.
/// </summary>
public sealed class CallerIdentityInterceptor(IOptions<DocExchangeOptions> options, ClientCertificateAuthenticator authenticator) : CallInterceptor
{
    public const string DevelopmentCallerHeader = "x-docexchange-dev-caller";

    public override Task InterceptAsync(ServerCallContext context, Func<Task> next)
    {
        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate)
        {
            var authentication = authenticator.AuthenticateAsync(certificate, context.CancellationToken);
            if (!authentication.IsCompletedSuccessfully)
            {
                return AdmitThenAsync(context, authentication, next);
            }

            Admit(context, authentication.Result);
        }
        else
        {
            context.UserState[typeof(CallerIdentity)] = DevelopmentCaller(context);
        }

        // A known certificate's verdict is at hand: no state machine for this call.
        return next();
    }

    private static async Task AdmitThenAsync(ServerCallContext context, ValueTask<ClientAuthentication> authentication, Func<Task> next)
    {
        Admit(context, await authentication.ConfigureAwait(false));
        await next().ConfigureAwait(false);
    }

    private static void Admit(ServerCallContext context, ClientAuthentication authentication)
    {
        context.UserState[typeof(CallerIdentity)] = authentication.Identity;
        if (authentication.Refusal is { } refusal)
        {
            context.SetCallerRefusal(refusal);
        }
    }

    private CallerIdentity DevelopmentCaller(ServerCallContext context) =>
        options.Value.Development.PlaintextLoopback && !context.GetHttpContext().Request.IsHttps
        && context.RequestHeaders.GetValue(DevelopmentCallerHeader) is { } claimed
        && IdentityUris.TryParse(claimed, [], out var identity)
            ? identity!
            : CallerIdentity.Anonymous;
}
