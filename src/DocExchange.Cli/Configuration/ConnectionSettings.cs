using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Configuration;

/// <summary>
/// How to reach the server, resolved from the command line, then the environment, then the profile.
/// Network commands hand this to the client library. Unset settings are null.
/// </summary>
public sealed record ConnectionSettings(
    string? ProfileName,
    string ConfigPath,
    Setting<Uri>? Server,
    Setting<string>? Certificate,
    Setting<string>? CertificatePassword,
    Setting<string>? TrustRoot)
{
    /// <summary>The server address, or a usage error saying how to provide one.</summary>
    public Uri RequireServer() => Server?.Value
        ?? throw DxException.Usage($"no server address: pass --server URL, set {DxEnvironment.Server}, or save one with 'dx profile set --server URL'.");

    /// <summary>The client certificate path, or a usage error saying how to provide one.</summary>
    public string RequireCertificate() => Certificate?.Value
        ?? throw DxException.Usage($"no client certificate: pass --cert PATH, set {DxEnvironment.Certificate}, or save one with 'dx profile set --cert PATH'.");
}
