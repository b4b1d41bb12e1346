namespace DocExchange.Server.Configuration;

/// <summary>The server's settings: section "DocExchange" of appsettings.json, or DOCEXCHANGE__* variables.</summary>
public sealed class DocExchangeOptions
{
    public const string SectionName = "DocExchange";

    /// <summary>Holds the SQLite database, the content blobs, the audit key file and the log files.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Which database the server runs on, and where the content blobs are.</summary>
    public StorageOptions Storage { get; set; } = new();

    public ListenOptions Listen { get; set; } = new();

    public TlsOptions Tls { get; set; } = new();

    public DevelopmentOptions Development { get; set; } = new();

    public GrpcLimitOptions Grpc { get; set; } = new();

    /// <summary>Rate, concurrency, header, frame and timeout limits against abuse (DocExchange:Abuse:*).</summary>
    public AbuseOptions Abuse { get; set; } = new();

    /// <summary>The audit key (encrypted at rest; its password from DOCEXCHANGE__Audit__KeyPassword) and checkpoint interval.</summary>
    public Audit.AuditOptions Audit { get; set; } = new();

    /// <summary>Metrics and traces: the Prometheus scrape endpoint and the OTLP export (DocExchange:Telemetry:*).</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Document size, attachment count and field length limits (DocExchange:Limits:*).</summary>
    public Core.ExchangeOptions Limits { get; set; } = new();

    /// <summary>The edXML dialect of EdXmlExchange (docs/EDXML.md).</summary>
    public EdXmlOptions EdXml { get; set; } = new();

    public sealed class StorageOptions
    {
        /// <summary>
        /// "Sqlite" (the default: one process, a file in the data directory) or "Postgres" (several server instances
        /// sharing one database, the blob folder and the audit key).
        /// </summary>
        public string Provider { get; set; } = "Sqlite";

        /// <summary>Postgres only: the Npgsql connection string (a secret: set it through DOCEXCHANGE__Storage__ConnectionString).</summary>
        public string? ConnectionString { get; set; }

        /// <summary>The content blobs; relative paths are under the data directory. On Postgres, a folder every instance shares.</summary>
        public string BlobDirectory { get; set; } = "blobs";

        /// <summary>
        /// The largest part, in bytes, stored in the database in its send's own transaction instead of as a blob file:
        /// no file, fsyncs and rename of its own (0 keeps every part in a file; at most 16 MiB, as inline parts are held
        /// in memory until committed). Unset: 256 KiB on Sqlite, 0 on Postgres (see PostgresStorageOptions.InlineContentLimit).
        /// </summary>
        public int? InlineContentMaxBytes { get; set; }

        /// <summary>
        /// Where uploads that memory does not hold (see <see cref="SpoolMemoryBytes"/>; PDFs to sign or verify) are
        /// spooled; relative paths are under the data directory. Each instance should have its own.
        /// </summary>
        public string SpoolDirectory { get; set; } = "spool";

        /// <summary>
        /// Memory shared by the sends in progress for their uploads: a send whose upload fits in what is left, and
        /// needs at most a quarter of it, is spooled in memory instead of in files of the spool folder (0: always files).
        /// </summary>
        public long SpoolMemoryBytes { get; set; } = Services.SpoolMemory.DefaultBudgetBytes;

        /// <summary>
        /// How often the spool folder and the blobs' temporary folder are swept of files that no live upload holds (what
        /// a killed server left behind; both are also swept at start-up), and the free disk space is checked.
        /// </summary>
        public double HousekeepingIntervalSeconds { get; set; } = 60;

        /// <summary>Below this many free bytes on the disk of the data, blob or spool folder, health reports the disk as full.</summary>
        public long MinimumFreeBytes { get; set; } = 64L * 1024 * 1024;
    }

    public sealed class ListenOptions
    {
        public string Address { get; set; } = "127.0.0.1";

        /// <summary>The TLS endpoint; 0 picks a free port; -1 turns it off.</summary>
        public int TlsPort { get; set; } = 5443;
    }

    public sealed class TlsOptions
    {
        /// <summary>PKCS#12 file holding the server certificate and its key.</summary>
        public string CertificatePath { get; set; } = "certs-sample/server.pfx";

        public string? CertificatePassword { get; set; }

        /// <summary>
        /// PEM file of the CA certificates that operator and auditor certificates chain to, and agency certificates
        /// too while the registry trusts no CA for their agency (docs/SECURITY.md, "Client certificate trust").
        /// </summary>
        public string ClientCaPath { get; set; } = "certs-sample/root-ca.crt";

        /// <summary>
        /// Folder of CRLs (DER or PEM, any file name) that client certificates are checked against on every call.
        /// Changed files take effect without a restart. Empty: no revocation checking of client certificates.
        /// </summary>
        public string? ClientCrlDirectory { get; set; }

        /// <summary>How often the CRL folder is looked at for changed files.</summary>
        public double ClientCrlReloadSeconds { get; set; } = 10;
    }

    public sealed class DevelopmentOptions
    {
        /// <summary>
        /// Serves plaintext HTTP/2 (h2c) on loopback, for development only. Callers then state who they
        /// are with the x-docexchange-dev-caller header, since there is no client certificate.
        /// </summary>
        public bool PlaintextLoopback { get; set; }

        /// <summary>Address of the plaintext endpoint: it must be a loopback address, or the server refuses to start.</summary>
        public string PlaintextAddress { get; set; } = "127.0.0.1";

        /// <summary>0 picks a free port.</summary>
        public int PlaintextPort { get; set; } = 5080;
    }

    public sealed class GrpcLimitOptions
    {
        public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

        public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;
    }
}
