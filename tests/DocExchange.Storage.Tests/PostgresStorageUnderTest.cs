using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;
using DocExchange.Storage.Postgres;
using DocExchange.Testing.Postgres;

namespace DocExchange.Storage.Tests;

/// <summary>A fresh database on the shared throwaway cluster and a blob folder, opened as one server instance would; both deleted afterwards.</summary>
public sealed class PostgresStorageUnderTest : StorageUnderTest
{
    private static readonly HashSet<string> Tables =
        ["agencies", "agency_trusted_cas", "agency_crls", "agency_pinned_thumbprints", "documents", "document_parts", "trace_hops", "deliveries", "inbox_entries", "statuses", "audit_events", "schema_migrations", "part_contents"];

    // A database migrated once, copied for every test: CREATE DATABASE … TEMPLATE is faster than migrating each.
    private static readonly Lazy<Task<string>> MigratedTemplate = new(CreateMigratedTemplateAsync);

    private PostgresStorageUnderTest(PostgresTestDatabase database, string blobDirectory, PostgresStorage storage)
    {
        Database = database;
        BlobDirectory = blobDirectory;
        Storage = storage;
    }

    public PostgresTestDatabase Database { get; }

    public string BlobDirectory { get; }

    public PostgresStorage Storage { get; }

    public override IExchangeStore Store => Storage.Store;

    public override IBlobStore Blobs => Storage.Contents;

    public override IChangeNotifier Notifier => Storage.Notifier;

    private static async Task<string> CreateMigratedTemplateAsync()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        var template = await cluster.CreateDatabaseAsync();
        var blobDirectory = Path.Combine(Path.GetTempPath(), "dx-storage-tests", Guid.NewGuid().ToString("N"));
        await (await OpenInstanceAsync(template, blobDirectory)).DisposeAsync();
        Directory.Delete(blobDirectory, recursive: true);
        return template.Name;
    }

    /// <summary>A new database with the current schema, copied from a migrated template.</summary>
    public static async Task<PostgresTestDatabase> CreateMigratedDatabaseAsync()
    {
        var cluster = await PostgresTestCluster.SharedAsync();
        return await cluster.CreateDatabaseAsync(await MigratedTemplate.Value);
    }

    /// <summary>A database with the current schema (copied from a migrated template) and an empty blob folder.</summary>
    public static async Task<PostgresStorageUnderTest> CreateAsync()
    {
        var database = await CreateMigratedDatabaseAsync();
        var blobDirectory = Path.Combine(Path.GetTempPath(), "dx-storage-tests", Guid.NewGuid().ToString("N"));
        try
        {
            return new PostgresStorageUnderTest(database, blobDirectory, await OpenInstanceAsync(database, blobDirectory));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the storage as one more server instance would: same database, same blob folder.</summary>
    public static Task<PostgresStorage> OpenInstanceAsync(PostgresTestDatabase database, string blobDirectory, string? connectionString = null) =>
        PostgresStorage.OpenAsync(Options(connectionString ?? database.ConnectionString, blobDirectory), CancellationToken.None);

    public static PostgresStorageOptions Options(string connectionString, string blobDirectory) => new()
    {
        ConnectionString = connectionString,
        BlobDirectory = blobDirectory,
        ListenerRetryDelay = TimeSpan.FromMilliseconds(50),
        ListenerMaxRetryDelay = TimeSpan.FromMilliseconds(400),
        // Off by default on PostgreSQL (a server runs it so, see the integration tests on PostgreSQL); on here so that
        // the conformance suite judges inline contents on both engines.
        InlineContentLimit = Relational.RelationalBlobStore.DefaultInlineLimit,
    };

    public Task<PostgresStorage> OpenInstanceAsync(string? connectionString = null) => OpenInstanceAsync(Database, BlobDirectory, connectionString);

    public override async Task<long> CountRowsAsync(string table)
    {
        Assert.Contains(table, Tables);
        return (long)(await Database.QueryAsync($"SELECT count(*) FROM {table}")).Single()!;
    }

    public override int CountBlobFiles() =>
        Directory.EnumerateFiles(Storage.Blobs.RootDirectory, "*", SearchOption.AllDirectories).Count();

    public override async Task OverwriteInlineContentAsync(Sha256Digest sha256, byte[] content)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("UPDATE part_contents SET content = @content WHERE sha256 = @sha256", connection);
        command.Parameters.AddWithValue("content", content);
        command.Parameters.AddWithValue("sha256", sha256.Hex);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        await Database.DisposeAsync();
        if (Directory.Exists(BlobDirectory)) Directory.Delete(BlobDirectory, recursive: true);
    }
}
