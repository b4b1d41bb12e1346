using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DocExchange.Storage.Postgres;

/// <summary>Where the shared store keeps its data. Every server instance of a deployment uses the same database and blob folder.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Database=docexchange;Username=docexchange;Password=…</c>.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The blob folder: a path shared by every instance (e.g. an NFS mount). Created when missing.</summary>
    public string BlobDirectory { get; set; } = Path.Combine("data", "blobs");

    /// <summary>
    /// The largest part, in bytes, stored in the database with its send rather than as a blob file. 0 (the default)
    /// stores none: the database is what every instance shares, and a part in it would add its bytes to the WAL flushed
    /// under the commit-order lock (docs/SCALING.md), where a blob file costs only its own instance. See
    /// <see cref="Relational.RelationalBlobStore"/>.
    /// </summary>
    public int InlineContentLimit { get; set; }

    /// <summary>The change listener's first wait before reconnecting; it doubles up to <see cref="ListenerMaxRetryDelay"/>.</summary>
    public TimeSpan ListenerRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ListenerMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives Npgsql's logs and the change listener's connection warnings.</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("PostgresStorageOptions.ConnectionString is empty: give the Npgsql connection string of the shared database");
        if (string.IsNullOrWhiteSpace(BlobDirectory))
            throw new ArgumentException("PostgresStorageOptions.BlobDirectory is empty: give the blob folder shared by every server instance");
        if (InlineContentLimit < 0 || InlineContentLimit > Relational.RelationalBlobStore.MaxInlineLimit)
            throw new ArgumentOutOfRangeException(nameof(InlineContentLimit), InlineContentLimit,
                $"PostgresStorageOptions.InlineContentLimit must be between 0 and {Relational.RelationalBlobStore.MaxInlineLimit} bytes");
        if (ListenerRetryDelay <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ListenerRetryDelay), ListenerRetryDelay, "PostgresStorageOptions.ListenerRetryDelay must be positive");
    }
}
