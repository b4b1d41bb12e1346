using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Exchange;

namespace DocExchange.Server.Hosting.Storage;

/// <summary>The storage the server runs on (SQLite or PostgreSQL), opened at start-up and disposed at shutdown.</summary>
internal interface IStorageEngine : IAsyncDisposable
{
    /// <summary>Where the data is, for the start-up log (never a password).</summary>
    string Description { get; }

    /// <summary>The content blobs (for the sweep of abandoned temporary files and the disk space check).</summary>
    DocExchange.Storage.Blobs.FileBlobStore Blobs { get; }

    /// <summary>The statements, round trips and transactions the exchange store has run (for the storage metrics).</summary>
    DocExchange.Storage.Relational.StoreActivity Activity { get; }

    /// <summary>The exchange over this storage, woken by the engine's change notifications.</summary>
    ExchangeService CreateExchangeService(ExchangeOptions limits, TimeProvider time);

    /// <summary>The audit trail over this storage (key file paths relative to <paramref name="dataDirectory"/>).</summary>
    Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time, CancellationToken cancellationToken);
}
