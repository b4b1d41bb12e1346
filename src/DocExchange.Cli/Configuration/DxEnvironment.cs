namespace DocExchange.Cli.Configuration;

/// <summary>Environment variables <c>dx</c> reads; an empty value counts as unset.</summary>
public static class DxEnvironment
{
    public const string Config = "DX_CONFIG";
    public const string Profile = "DX_PROFILE";
    public const string Server = "DX_SERVER";
    public const string Certificate = "DX_CERT";
    public const string CertificatePassword = "DX_CERT_PASSWORD";
    public const string TrustRoot = "DX_CA";
    public const string StallTimeout = "DX_STALL_TIMEOUT";

    public static string? Get(string name)
    {
        string? value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
