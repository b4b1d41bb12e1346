using DocExchange.Server.Configuration;
using DocExchange.Storage.Relational;
using Microsoft.Extensions.Logging;

namespace DocExchange.Server.Hosting.Storage;

/// <summary>Opens the storage engine that DocExchange:Storage names.</summary>
internal static class StorageEngines
{
    /// <exception cref="StartupException">The storage settings are incomplete or the storage cannot be opened.</exception>
    public static async Task<IStorageEngine> OpenAsync(
        DocExchangeOptions.StorageOptions options, string dataDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var blobDirectory = Path.GetFullPath(Path.Combine(dataDirectory, options.BlobDirectory));
        var provider = options.Provider.Trim().ToLowerInvariant();
        var inlineLimit = options.InlineContentMaxBytes ?? (provider == "postgres" ? 0 : RelationalBlobStore.DefaultInlineLimit);
        if (inlineLimit < 0 || inlineLimit > RelationalBlobStore.MaxInlineLimit)
        {
            throw new StartupException(
                $"DocExchange:Storage:InlineContentMaxBytes is {inlineLimit}: give a size in bytes from 0 (every part in a blob file) to {RelationalBlobStore.MaxInlineLimit}.");
        }
        switch (provider)
        {
            case "sqlite":
                return await SqliteStorageEngine.OpenAsync(Path.Combine(dataDirectory, "docexchange.db"), blobDirectory, inlineLimit, cancellationToken).ConfigureAwait(false);
            case "postgres":
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new StartupException(
                        "DocExchange:Storage:Provider is Postgres but DocExchange:Storage:ConnectionString is empty: set it (e.g. DOCEXCHANGE__Storage__ConnectionString=\"Host=db;Database=docexchange;Username=docexchange;Password=…\").");
                }
                return await PostgresStorageEngine.OpenAsync(options.ConnectionString, blobDirectory, inlineLimit, loggerFactory, cancellationToken).ConfigureAwait(false);
            default:
                throw new StartupException($"DocExchange:Storage:Provider must be Sqlite or Postgres, not '{options.Provider}'.");
        }
    }
}
