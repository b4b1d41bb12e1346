using DocExchange.Cli.Configuration;
using DocExchange.Client;

namespace DocExchange.Cli.Hosting;

/// <summary>The client library, connected as the resolved profile says: server, mutual-TLS certificate and trust root.</summary>
public static class NetworkClient
{
    public static Task<DocExchangeClient> CreateAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CreateAsync(context.CommandLineConnection, context, cancellationToken);
    }

    /// <summary>
    /// For a command whose <c>--cert</c> names something else (dx sign: the signer's certificate): the connection's
    /// certificate then comes only from <c>$DX_CERT</c> or the profile.
    /// </summary>
    public static Task<DocExchangeClient> CreateWithoutCommandLineCertificateAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CreateAsync(context.CommandLineConnection with { Certificate = null, CertificatePassword = null }, context, cancellationToken);
    }

    private static async Task<DocExchangeClient> CreateAsync(ConnectionOverrides overrides, CommandContext context, CancellationToken cancellationToken)
    {
        var settings = await ConnectionResolver.ResolveAsync(overrides, context.ConfigStore, cancellationToken).ConfigureAwait(false);
        var options = new DocExchangeClientOptions
        {
            Address = settings.RequireServer(),
            ClientCertificatePath = settings.RequireCertificate(),
            ClientCertificatePassword = settings.CertificatePassword?.Value,
            TrustedRootsPath = settings.TrustRoot?.Value,
        };
        try
        {
            return new DocExchangeClient(options);
        }
        catch (ArgumentException e)
        {
            throw DxException.Usage(e.Message);
        }
    }
}
