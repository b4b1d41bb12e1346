using System.Security.Cryptography;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Storage.Blobs;
using Microsoft.Extensions.Logging;
using DocExchange.Storage.Relational;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The shared storage of a multi-instance deployment: a PostgreSQL store, a blob folder every instance mounts, and
/// LISTEN/NOTIFY change notifications, opened together. Each server instance opens its own.
/// </summary>
public sealed class PostgresStorage : IAsyncDisposable
{
    private const string DefaultApplicationName = "DocExchange";

    private PostgresStorage(PostgresExchangeStore store, FileBlobStore blobs, int inlineContentLimit, PostgresChangeNotifier notifier)
    {
        Store = store;
        Blobs = blobs;
        Contents = new RelationalBlobStore(store, blobs, inlineContentLimit);
        Notifier = notifier;
        AuditEvents = new RelationalAuditEventStore(store.Database);
        MerkleNodes = new RelationalMerkleNodeStore(store.Database);
        Checkpoints = new RelationalCheckpointStore(store.Database);
    }

    public PostgresExchangeStore Store { get; }

    /// <summary>The blob files: the parts not stored in the database (see <see cref="Contents"/>).</summary>
    public FileBlobStore Blobs { get; }

    /// <summary>Every part's content: small ones in the database, with their send, the others in <see cref="Blobs"/>.</summary>
    public RelationalBlobStore Contents { get; }

    /// <summary>Wakes this instance's subscribers on commits made by any instance.</summary>
    public PostgresChangeNotifier Notifier { get; }

    /// <summary>The audit events the store commits with each change, in the one order every instance shares.</summary>
    public RelationalAuditEventStore AuditEvents { get; }

    /// <summary>The Merkle log's nodes (one tree for every instance).</summary>
    public RelationalMerkleNodeStore MerkleNodes { get; }

    /// <summary>The signed checkpoints.</summary>
    public RelationalCheckpointStore Checkpoints { get; }

    /// <summary>
    /// Connects, applies pending migrations (safe when several instances start at once) and starts listening for
    /// changes. Fails when the database cannot be reached.
    /// </summary>
    public static async Task<PostgresStorage> OpenAsync(PostgresStorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connectionString = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (string.IsNullOrEmpty(connectionString.ApplicationName)) connectionString.ApplicationName = DefaultApplicationName;
        // The store keeps no session state (its locks are transaction-scoped; LISTEN has its own unpooled connection),
        // so a pooled connection needs no DISCARD ALL on its way back: that round trip came after every operation and
        // threw away the connection's prepared statements. Statements used twice are then prepared once per connection.
        connectionString.NoResetOnClose = true;
        if (connectionString.MaxAutoPrepare == 0)
        {
            connectionString.MaxAutoPrepare = 128;
            connectionString.AutoPrepareMinUsages = 2;
        }
        var dataSource = new NpgsqlDataSourceBuilder(connectionString.ConnectionString).UseLoggerFactory(options.LoggerFactory).Build();

        var blobs = new FileBlobStore(options.BlobDirectory);
        var store = await PostgresExchangeStore.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
        var notifier = new PostgresChangeNotifier(
            connectionString.ConnectionString, options.ListenerRetryDelay, options.ListenerMaxRetryDelay,
            options.LoggerFactory.CreateLogger<PostgresChangeNotifier>());
        return new PostgresStorage(store, blobs, options.InlineContentLimit, notifier);
    }

    /// <summary>An <see cref="ExchangeService"/> over this storage, woken by commits on every instance.</summary>
    public ExchangeService CreateExchangeService(ExchangeOptions options, TimeProvider time) =>
        new(Store, Contents, Notifier, options, time);

    /// <summary>
    /// The audit trail over this database: loads or creates the encrypted checkpoint key (relative paths under
    /// <paramref name="dataDirectory"/>) and catches up the Merkle log; woken by commits on every instance. Every
    /// instance of a deployment must sign with the same key (one shared key file, e.g. an absolute KeyPath): this
    /// refuses to open with a key other than the one the latest stored checkpoint was signed with.
    /// Run <see cref="AuditLog.RunAsync"/> in the background.
    /// </summary>
    /// <exception cref="AuditKeyException">The key file cannot be used, or it is not the key of the stored checkpoints.</exception>
    public async Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        var auditLog = await AuditLog.OpenAsync(AuditEvents, MerkleNodes, Checkpoints, options, dataDirectory, Notifier, time, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await RequireSameKeyAsync(auditLog.KeyId, cancellationToken).ConfigureAwait(false);
            return auditLog;
        }
        catch
        {
            auditLog.Dispose();
            throw;
        }
    }

    /// <summary>The audit trail over this database, signing with <paramref name="signingKey"/> (kept and disposed by the caller).</summary>
    public Task<AuditLog> OpenAuditLogAsync(ECDsa signingKey, AuditOptions options, TimeProvider time, CancellationToken cancellationToken) =>
        AuditLog.OpenAsync(AuditEvents, MerkleNodes, Checkpoints, signingKey, options, Notifier, time, cancellationToken);

    private async Task RequireSameKeyAsync(byte[] keyId, CancellationToken cancellationToken)
    {
        var latest = await Checkpoints.GetLatestAsync(cancellationToken).ConfigureAwait(false);
        if (latest is not null && !latest.KeyId.AsSpan().SequenceEqual(keyId))
        {
            throw new AuditKeyException(
                $"The audit checkpoints in this database are signed with key {Convert.ToHexStringLower(latest.KeyId)}, but this instance's audit key is " +
                $"{Convert.ToHexStringLower(keyId)}. Every server instance on one database must use the same audit key: point " +
                "DocExchange:Audit:KeyPath at the shared key file (with the same DocExchange:Audit:KeyPassword).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Notifier.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
