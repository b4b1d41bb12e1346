using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Storage.Blobs;

namespace DocExchange.Storage.Sqlite;

/// <summary>The embedded storage: a SQLite store and a blob folder, opened together.</summary>
public sealed class SqliteStorage : IDisposable
{
    private SqliteStorage(SqliteExchangeStore store, FileBlobStore blobs)
    {
        Store = store;
        Blobs = blobs;
    }

    public SqliteExchangeStore Store { get; }

    public FileBlobStore Blobs { get; }

    /// <summary>Opens the database (applying migrations) and the blob folder named in <paramref name="options"/>.</summary>
    public static async Task<SqliteStorage> OpenAsync(SqliteStorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var blobs = new FileBlobStore(options.BlobDirectory);
        var store = await SqliteExchangeStore.OpenAsync(options.DatabasePath, options.BusyTimeout, cancellationToken).ConfigureAwait(false);
        return new SqliteStorage(store, blobs);
    }

    /// <summary>An <see cref="ExchangeService"/> over this storage with an in-process notifier.</summary>
    public ExchangeService CreateExchangeService(ExchangeOptions options, TimeProvider time, IChangeNotifier? notifier = null) =>
        new(Store, Blobs, notifier ?? new InProcessChangeNotifier(), options, time);

    public void Dispose() => Store.Dispose();
}
