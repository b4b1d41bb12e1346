namespace DocExchange.Audit.Export;

/// <summary>Constants of the audit export (JSON Lines), specified in docs/AUDIT-FORMAT.md.</summary>
public static class AuditExportFormat
{
    /// <summary>Value of "format" in the header line.</summary>
    public const string FormatName = "docexchange-audit-export";

    /// <summary>Value of "version" in the header line.</summary>
    public const int Version = 1;

    /// <summary>Longest line a verifier accepts, in bytes.</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;
}
