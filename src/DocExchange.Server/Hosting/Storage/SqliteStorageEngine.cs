using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Storage.Sqlite;

namespace DocExchange.Server.Hosting.Storage;

/// <summary>One server process on a SQLite file, woken in-process.</summary>
internal sealed class SqliteStorageEngine(SqliteStorage storage) : IStorageEngine
{
    private readonly InProcessChangeNotifier _notifier = new();

    public string Description => $"SQLite {storage.Store.DatabasePath}, blobs in {storage.Blobs.RootDirectory}";

    public static async Task<SqliteStorageEngine> OpenAsync(string databasePath, string blobDirectory, int inlineContentLimit, CancellationToken cancellationToken) =>
        new(await SqliteStorage.OpenAsync(
            new SqliteStorageOptions { DatabasePath = databasePath, BlobDirectory = blobDirectory, InlineContentLimit = inlineContentLimit },
            cancellationToken).ConfigureAwait(false));

    public DocExchange.Storage.Blobs.FileBlobStore Blobs => storage.Blobs;

    public DocExchange.Storage.Relational.StoreActivity Activity => storage.Store.Activity;

    public ExchangeService CreateExchangeService(ExchangeOptions limits, TimeProvider time) => storage.CreateExchangeService(limits, time, _notifier);

    public Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time, CancellationToken cancellationToken) =>
        storage.OpenAuditLogAsync(options, dataDirectory, _notifier, time, cancellationToken);

    public ValueTask DisposeAsync()
    {
        storage.Dispose();
        return ValueTask.CompletedTask;
    }
}
