using DocExchange.Server.Hosting;
using Grpc.Core;
using DocExchange.Server.Configuration;
using DocExchange.Server.Security;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Identity;

/// <summary>
/// Establishes who is calling before any handler runs (<see cref="CallPipeline"/>). The TLS handshake accepts any
/// client certificate; here, on every call (a TLS connection outlives a revocation, a deactivation or a change of the
/// registry), the <see cref="ClientCertificateAuthenticator"/> decides what it proves. A certificate it refuses leaves a
/// <see cref="CallRefusal"/>, which the authorisation layer answers and audits. On the development plaintext
/// endpoint, which has no certificates, the x-docexchange-dev-caller header stands in for one.
/// </summary>
public sealed class CallerIdentification(IOptions<DocExchangeOptions> options, ClientCertificateAuthenticator authenticator)
{
    public const string DevelopmentCallerHeader = "x-docexchange-dev-caller";

    /// <summary>Sets the call's <see cref="ServerCallContextIdentityExtensions.Caller"/>; completes at once for a known certificate.</summary>
    public ValueTask EstablishAsync(ServerCallContext context)
    {
        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate)
        {
            var authentication = authenticator.AuthenticateAsync(certificate, context.CancellationToken);
            if (!authentication.IsCompletedSuccessfully)
            {
                return AdmitAsync(context, authentication);
            }

            Admit(context, authentication.Result);
        }
        else
        {
            context.UserState[typeof(CallerIdentity)] = DevelopmentCaller(context);
        }

        return ValueTask.CompletedTask;
    }

    private static async ValueTask AdmitAsync(ServerCallContext context, ValueTask<ClientAuthentication> authentication) =>
        Admit(context, await authentication.ConfigureAwait(false));

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
