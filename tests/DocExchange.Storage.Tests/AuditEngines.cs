using System.Data.Common;
using System.Security.Cryptography;
using DocExchange.Audit;
using DocExchange.Audit.Merkle;
using DocExchange.Audit.Trail;
using DocExchange.Core;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;
using DocExchange.Storage.Postgres;
using DocExchange.Storage.Sqlite;
using DocExchange.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DocExchange.Storage.Tests;

/// <summary>A storage engine the audit suites run on: it creates one empty database per test.</summary>
public abstract class AuditEngine
{
    public static AuditEngine Sqlite { get; } = new SqliteAuditEngine();

    public static AuditEngine Postgres { get; } = new PostgresAuditEngine();

    /// <summary>A new database with the current schema; <paramref name="directory"/> is the test's own folder.</summary>
    public abstract Task<AuditDatabase> CreateDatabaseAsync(string directory);

    private sealed class SqliteAuditEngine : AuditEngine
    {
        public override Task<AuditDatabase> CreateDatabaseAsync(string directory) =>
            Task.FromResult<AuditDatabase>(new SqliteAuditDatabase(Path.Combine(directory, "exchange.db"), Path.Combine(directory, "blobs")));
    }

    private sealed class PostgresAuditEngine : AuditEngine
    {
        public override async Task<AuditDatabase> CreateDatabaseAsync(string directory) =>
            new PostgresAuditDatabase(await PostgresStorageUnderTest.CreateMigratedDatabaseAsync(), Path.Combine(directory, "blobs"));
    }
}

/// <summary>One test's database: opened (and closed) as a server process would, and reachable with plain SQL.</summary>
public abstract class AuditDatabase : IAsyncDisposable
{
    /// <summary>Opens the storage (applying migrations) as a server process starting would.</summary>
    public abstract Task<AuditStorage> OpenAsync();

    /// <summary>A connection for plain SQL; statements name parameters @like_this.</summary>
    public abstract Task<DbConnection> ConnectAsync();

    /// <summary>Deletes the database.</summary>
    public abstract ValueTask DisposeAsync();
}

/// <summary>An engine's storage opened by one process, with what the audit tests use of it.</summary>
public abstract class AuditStorage : IAsyncDisposable
{
    public abstract IExchangeStore Store { get; }

    public abstract IAuditEventStore AuditEvents { get; }

    public abstract ICheckpointStore Checkpoints { get; }

    public abstract IMerkleNodeStore MerkleNodes { get; }

    /// <summary>The notifier the exchange and the audit log share (LISTEN/NOTIFY on PostgreSQL).</summary>
    public abstract IChangeNotifier Notifier { get; }

    public abstract ExchangeService CreateExchangeService(TimeProvider time);

    public abstract Task<AuditLog> OpenAuditLogAsync(ECDsa signingKey, AuditOptions options, TimeProvider time);

    /// <summary>Opens the audit log with the key file named by <paramref name="options"/> under <paramref name="dataDirectory"/>.</summary>
    public abstract Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time);

    public abstract ValueTask DisposeAsync();
}

internal sealed class SqliteAuditDatabase(string path, string blobDirectory) : AuditDatabase
{
    public override async Task<AuditStorage> OpenAsync() => new SqliteAuditStorage(
        await SqliteStorage.OpenAsync(new SqliteStorageOptions { DatabasePath = path, BlobDirectory = blobDirectory }, CancellationToken.None));

    public override async Task<DbConnection> ConnectAsync()
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask; // the harness deletes the test's folder

    private sealed class SqliteAuditStorage(SqliteStorage storage) : AuditStorage
    {
        private readonly InProcessChangeNotifier _notifier = new();

        public override IExchangeStore Store => storage.Store;
        public override IAuditEventStore AuditEvents => storage.AuditEvents;
        public override ICheckpointStore Checkpoints => storage.Checkpoints;
        public override IMerkleNodeStore MerkleNodes => storage.MerkleNodes;
        public override IChangeNotifier Notifier => _notifier;

        public override ExchangeService CreateExchangeService(TimeProvider time) => storage.CreateExchangeService(new ExchangeOptions(), time, _notifier);

        public override Task<AuditLog> OpenAuditLogAsync(ECDsa signingKey, AuditOptions options, TimeProvider time) =>
            storage.OpenAuditLogAsync(signingKey, options, _notifier, time, CancellationToken.None);

        public override Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time) =>
            storage.OpenAuditLogAsync(options, dataDirectory, _notifier, time, CancellationToken.None);

        public override ValueTask DisposeAsync()
        {
            storage.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

internal sealed class PostgresAuditDatabase(PostgresTestDatabase database, string blobDirectory) : AuditDatabase
{
    public override async Task<AuditStorage> OpenAsync() =>
        new PostgresAuditStorage(await PostgresStorageUnderTest.OpenInstanceAsync(database, blobDirectory));

    public override async Task<DbConnection> ConnectAsync() => await database.OpenAsync();

    public override ValueTask DisposeAsync() => database.DisposeAsync();

    private sealed class PostgresAuditStorage(PostgresStorage storage) : AuditStorage
    {
        public override IExchangeStore Store => storage.Store;
        public override IAuditEventStore AuditEvents => storage.AuditEvents;
        public override ICheckpointStore Checkpoints => storage.Checkpoints;
        public override IMerkleNodeStore MerkleNodes => storage.MerkleNodes;
        public override IChangeNotifier Notifier => storage.Notifier;

        public override ExchangeService CreateExchangeService(TimeProvider time) => storage.CreateExchangeService(new ExchangeOptions(), time);

        public override Task<AuditLog> OpenAuditLogAsync(ECDsa signingKey, AuditOptions options, TimeProvider time) =>
            storage.OpenAuditLogAsync(signingKey, options, time, CancellationToken.None);

        public override Task<AuditLog> OpenAuditLogAsync(AuditOptions options, string dataDirectory, TimeProvider time) =>
            storage.OpenAuditLogAsync(options, dataDirectory, time, CancellationToken.None);

        public override ValueTask DisposeAsync() => storage.DisposeAsync();
    }
}
