using DocExchange.Client;

namespace DocExchange.Cli.Hosting;

/// <summary>The client library, connected as the resolved profile says: server, mutual-TLS certificate and trust root.</summary>
public static class NetworkClient
{
    public static async Task<DocExchangeClient> CreateAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = await context.ResolveConnectionAsync(cancellationToken).ConfigureAwait(false);
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
