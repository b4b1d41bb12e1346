namespace DocExchange.Cli.Configuration;

/// <summary>One named set of connection settings in the configuration file. Paths are absolute.</summary>
public sealed class DxProfile
{
    public string? Server { get; set; }

    /// <summary>Client certificate (PKCS#12 or PEM).</summary>
    public string? Certificate { get; set; }

    /// <summary>Stored only when the user asked for it; never printed.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>CA certificate (PEM) the server must chain to.</summary>
    public string? TrustRoot { get; set; }
}
