namespace DocExchange.Audit;

/// <summary>
/// Settings of the audit trail (the server binds them from "DocExchange:Audit", e.g. DOCEXCHANGE__Audit__KeyPassword).
/// </summary>
public sealed class AuditOptions
{
    /// <summary>Name of the environment variable that usually carries <see cref="KeyPassword"/>.</summary>
    public const string KeyPasswordVariable = "DOCEXCHANGE__Audit__KeyPassword";

    /// <summary>The encrypted PKCS#8 PEM of the checkpoint key; relative paths are under the data directory.</summary>
    public string KeyPath { get; set; } = "audit-key.pem";

    /// <summary>Password of the key file. Required; a secret: never logged.</summary>
    public string? KeyPassword { get; set; }

    /// <summary>How often a checkpoint is signed when the log has grown.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether each checkpoint gets an RFC 3161 timestamp from the server's TSA (when the server has one), anchoring
    /// its time outside the audit key.
    /// </summary>
    public bool TimestampCheckpoints { get; set; } = true;

    /// <summary>Events appended to the Merkle log per transaction.</summary>
    public int IntegrationBatchSize { get; set; } = 1000;

    /// <summary>Longest wait between integration passes when no commit notification arrives (events of other processes).</summary>
    public TimeSpan IntegrationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(KeyPath))
        {
            throw new ArgumentException("Audit:KeyPath is empty: name the file of the audit key.");
        }
        if (CheckpointInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Audit:CheckpointInterval must be positive, not {CheckpointInterval}.");
        }
        if (IntegrationBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentException($"Audit:IntegrationBatchSize must be between 1 and 100000, not {IntegrationBatchSize}.");
        }
        if (IntegrationPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Audit:IntegrationPollInterval must be positive, not {IntegrationPollInterval}.");
        }
    }
}
