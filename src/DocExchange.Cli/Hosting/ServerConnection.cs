using DocExchange.Client;
using DocExchange.Cli.Configuration;

namespace DocExchange.Cli.Hosting;

/// <summary>
/// Opens the client library on the resolved connection settings: the server's TLS endpoint, the caller's
/// certificate (which says who the caller is) and the trust root. Problems with the settings are usage errors (exit 2).
/// </summary>
public static class ServerConnection
{
    /// <summary>A client for one command. <paramref name="endless"/>: a stream the user follows until Ctrl+C, which keeps reconnecting.</summary>
    public static async Task<DocExchangeClient> ConnectAsync(this CommandContext context, CancellationToken cancellationToken, bool endless = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = await context.ResolveConnectionAsync(cancellationToken).ConfigureAwait(false);
        return Create(settings, context, endless);
    }

    /// <summary>
    /// For a command whose <c>--cert</c> names something else (dx sign: the signer's certificate): the connection's
    /// certificate then comes only from <c>$DX_CERT</c> or the profile.
    /// </summary>
    public static async Task<DocExchangeClient> ConnectWithoutCommandLineCertificateAsync(this CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var overrides = context.CommandLineConnection with { Certificate = null, CertificatePassword = null };
        var settings = await ConnectionResolver.ResolveAsync(overrides, context.ConfigStore, cancellationToken).ConfigureAwait(false);
        return Create(settings, context, endless: false);
    }

    private static DocExchangeClient Create(ConnectionSettings settings, CommandContext context, bool endless)
    {
        Uri server = settings.RequireServer();
        if (server.Scheme != Uri.UriSchemeHttps)
        {
            throw DxException.Usage(
                $"server address '{server}' is not https: dx calls the TLS endpoint (e.g. https://127.0.0.1:5443), where the client certificate says who you are.");
        }
        var options = new DocExchangeClientOptions
        {
            Address = server,
            ClientCertificatePath = settings.RequireCertificate(),
            ClientCertificatePassword = settings.CertificatePassword?.Value,
            TrustedRootsPath = settings.TrustRoot?.Value,
            StallTimeoutSetting = DxEnvironment.StallTimeout,
        };
        if (DxEnvironment.Get(DxEnvironment.StallTimeout) is { } stallTimeout)
        {
            options.StallTimeout = ParseStallTimeout(stallTimeout);
        }
        if (settings.TrustRoot?.Value is { } trustRoot && !File.Exists(trustRoot))
        {
            throw DxException.Usage($"trust root '{trustRoot}' ({From(settings.TrustRoot.Source)}) does not exist.");
        }
        if (!File.Exists(options.ClientCertificatePath))
        {
            throw DxException.Usage($"client certificate '{options.ClientCertificatePath}' ({From(settings.Certificate!.Source)}) does not exist.");
        }
        // A command that ends should end soon when the server is away; one the user follows keeps trying, and says so.
        options.Retry.MaxStreamReconnectAttempts = endless ? null : options.Retry.MaxAttempts - 1;
        if (endless)
        {
            options.Retry.OnRetry = retry => context.Output.Warning(
                $"{retry.Operation}: {retry.Message}; trying again in {retry.Delay.TotalSeconds:0.#} s (Ctrl+C to stop).");
        }
        try
        {
            return new DocExchangeClient(options);
        }
        catch (ArgumentException e)
        {
            throw DxException.Usage(ErrorClassifier.LocalProblem(e));
        }
    }

    /// <summary>Whole or decimal seconds; 0 turns the check off.</summary>
    private static TimeSpan? ParseStallTimeout(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? seconds == 0 ? null : TimeSpan.FromSeconds(seconds)
            : throw DxException.Usage(
                $"{DxEnvironment.StallTimeout}='{value}' is not a number of seconds: give e.g. 300 to wait longer for a slow transfer, or 0 never to abandon one.");

    private static string From(SettingSource source) => source switch
    {
        SettingSource.CommandLine => "from --cert/--ca",
        SettingSource.Environment => "from the environment",
        _ => "from the profile",
    };
}
