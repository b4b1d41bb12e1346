using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The shared storage of a multi-instance deployment: a PostgreSQL store, a blob folder every instance mounts, and
/// LISTEN/NOTIFY change notifications, opened together. Each server instance opens its own.
/// </summary>
public sealed class PostgresStorage : IAsyncDisposable
{
    private const string DefaultApplicationName = "DocExchange";

    private PostgresStorage(PostgresExchangeStore store, FileBlobStore blobs, PostgresChangeNotifier notifier)
    {
        Store = store;
        Blobs = blobs;
        Notifier = notifier;
    }

    public PostgresExchangeStore Store { get; }

    public FileBlobStore Blobs { get; }

    /// <summary>Wakes this instance's subscribers on commits made by any instance.</summary>
    public PostgresChangeNotifier Notifier { get; }

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
        var dataSource = new NpgsqlDataSourceBuilder(connectionString.ConnectionString).UseLoggerFactory(options.LoggerFactory).Build();

        var blobs = new FileBlobStore(options.BlobDirectory);
        var store = await PostgresExchangeStore.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
        var notifier = new PostgresChangeNotifier(
            connectionString.ConnectionString, options.ListenerRetryDelay, options.ListenerMaxRetryDelay,
            options.LoggerFactory.CreateLogger<PostgresChangeNotifier>());
        return new PostgresStorage(store, blobs, notifier);
    }

    /// <summary>An <see cref="ExchangeService"/> over this storage, woken by commits on every instance.</summary>
    public ExchangeService CreateExchangeService(ExchangeOptions options, TimeProvider time) =>
        new(Store, Blobs, Notifier, options, time);

    public async ValueTask DisposeAsync()
    {
        await Notifier.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
    }
}
