namespace DocExchange.Cli.Configuration;

/// <summary>The connection options given on the command line (null when not given).</summary>
public sealed record ConnectionOverrides(
    string? Profile,
    Uri? Server,
    string? Certificate,
    string? CertificatePassword,
    string? TrustRoot);
