using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DocExchange.Server.Hosting.Storage;

/// <summary>One of several server instances sharing a PostgreSQL database and a blob folder, woken by LISTEN/NOTIFY.</summary>
internal sealed class PostgresStorageEngine(PostgresStorage storage, string description) : IStorageEngine
{
    public string Description { get; } = description;

    /// <exception cref="StartupException">The connection string is not valid or the database cannot be reached.</exception>
    public static async Task<PostgresStorageEngine> OpenAsync(
        string connectionString, string blobDirectory, int inlineContentLimit, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The message of a bad connection string may quote it, password included: say only what is wrong.
            throw new StartupException($"DocExchange:Storage:ConnectionString is not a valid Npgsql connection string ({e.GetType().Name}).", null);
        }
        var where = $"PostgreSQL {parsed.Host}:{parsed.Port}/{parsed.Database}";
        try
        {
            var storage = await PostgresStorage.OpenAsync(new PostgresStorageOptions
            {
                ConnectionString = connectionString,
                BlobDirectory = blobDirectory,
                InlineContentLimit = inlineContentLimit,
                LoggerFactory = loggerFactory,
            }, cancellationToken).ConfigureAwait(false);
            return new PostgresStorageEngine(storage, $"{where}, blobs in {storage.Blobs.RootDirectory}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StartupException($"cannot open the database at {where}: {e.Message}", e);
        }
    }

    public DocExchange.Storage.Blobs.FileBlobStore Blobs => storage.Blobs;

    public DocExchange.Storage.Relational.StoreActivity Activity => storage.Store.Activity;

    public ExchangeService CreateExchangeService(ExchangeOptions limits, TimeProvider time) => storage.CreateExchangeService(limits, time);

    public Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time, CancellationToken cancellationToken) =>
        storage.OpenAuditLogAsync(options, dataDirectory, time, cancellationToken);

    public ValueTask DisposeAsync() => storage.DisposeAsync();
}
