using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Storage.Blobs;
using DocExchange.Storage.Relational;

namespace DocExchange.Storage.Sqlite;

/// <summary>The embedded storage: a SQLite store, its audit tables, small parts' contents and a blob folder, opened together.</summary>
public sealed class SqliteStorage : IDisposable
{
    private SqliteStorage(SqliteExchangeStore store, FileBlobStore blobs, int inlineContentLimit)
    {
        Store = store;
        Blobs = blobs;
        Contents = new RelationalBlobStore(store, blobs, inlineContentLimit);
        AuditEvents = new RelationalAuditEventStore(store.Database);
        MerkleNodes = new RelationalMerkleNodeStore(store.Database);
        Checkpoints = new RelationalCheckpointStore(store.Database);
    }

    public SqliteExchangeStore Store { get; }

    /// <summary>The blob files: the parts not stored in the database (see <see cref="Contents"/>).</summary>
    public FileBlobStore Blobs { get; }

    /// <summary>Every part's content: small ones in the database, with their send, the others in <see cref="Blobs"/>.</summary>
    public RelationalBlobStore Contents { get; }

    /// <summary>The audit events the store commits with each change.</summary>
    public RelationalAuditEventStore AuditEvents { get; }

    /// <summary>The Merkle log's nodes.</summary>
    public RelationalMerkleNodeStore MerkleNodes { get; }

    /// <summary>The signed checkpoints.</summary>
    public RelationalCheckpointStore Checkpoints { get; }

    /// <summary>Opens the database (applying migrations) and the blob folder named in <paramref name="options"/>.</summary>
    public static async Task<SqliteStorage> OpenAsync(SqliteStorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InlineContentLimit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.InlineContentLimit, RelationalBlobStore.MaxInlineLimit);
        var blobs = new FileBlobStore(options.BlobDirectory);
        var store = await SqliteExchangeStore.OpenAsync(options.DatabasePath, options.BusyTimeout, cancellationToken).ConfigureAwait(false);
        return new SqliteStorage(store, blobs, options.InlineContentLimit);
    }

    /// <summary>An <see cref="ExchangeService"/> over this storage with an in-process notifier.</summary>
    /// <param name="notifier">Pass the one given to <see cref="OpenAuditLogAsync"/> so commits wake the audit integrator.</param>
    public ExchangeService CreateExchangeService(ExchangeOptions options, TimeProvider time, IChangeNotifier? notifier = null) =>
        new(Store, Contents, notifier ?? new InProcessChangeNotifier(), options, time);

    /// <summary>
    /// The audit trail over this database: loads or creates the encrypted checkpoint key (relative paths under
    /// <paramref name="dataDirectory"/>) and catches up the Merkle log. Run <see cref="AuditLog.RunAsync"/> in the background.
    /// </summary>
    public Task<AuditLog> OpenAuditLogAsync(
        AuditOptions options, string dataDirectory, IChangeNotifier? notifier, TimeProvider time, CancellationToken cancellationToken) =>
        AuditLog.OpenAsync(AuditEvents, MerkleNodes, Checkpoints, options, dataDirectory, notifier, time, cancellationToken);

    /// <summary>The audit trail over this database, signing with <paramref name="signingKey"/> (kept and disposed by the caller).</summary>
    public Task<AuditLog> OpenAuditLogAsync(
        System.Security.Cryptography.ECDsa signingKey, AuditOptions options, IChangeNotifier? notifier, TimeProvider time, CancellationToken cancellationToken) =>
        AuditLog.OpenAsync(AuditEvents, MerkleNodes, Checkpoints, signingKey, options, notifier, time, cancellationToken);

    public void Dispose() => Store.Dispose();
}
