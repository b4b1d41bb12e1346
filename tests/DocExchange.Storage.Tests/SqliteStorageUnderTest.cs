using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;
using DocExchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Tests;

/// <summary>A real SQLite file and blob folder in a fresh temporary directory, deleted afterwards.</summary>
public sealed class SqliteStorageUnderTest : StorageUnderTest
{
    private static readonly HashSet<string> Tables =
        ["agencies", "agency_trusted_cas", "agency_crls", "agency_pinned_thumbprints", "documents", "document_parts", "trace_hops", "deliveries", "inbox_entries", "statuses", "audit_events", "audit_event_agencies", "merkle_nodes", "merkle_tree", "audit_checkpoints", "schema_migrations", "part_contents"];

    private readonly SqliteStorage _storage;

    private SqliteStorageUnderTest(string directory, SqliteStorage storage)
    {
        Directory = directory;
        _storage = storage;
    }

    public string Directory { get; }

    public SqliteStorage Storage => _storage;

    public override IExchangeStore Store => _storage.Store;

    public override IBlobStore Blobs => _storage.Contents;

    public FileBlobStore FileBlobs => _storage.Blobs;

    public static async Task<SqliteStorageUnderTest> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dx-storage-tests", Guid.NewGuid().ToString("N"));
        var storage = await SqliteStorage.OpenAsync(
            new SqliteStorageOptions { DatabasePath = Path.Combine(directory, "exchange.db"), BlobDirectory = Path.Combine(directory, "blobs") },
            CancellationToken.None);
        return new SqliteStorageUnderTest(directory, storage);
    }

    public override async Task<long> CountRowsAsync(string table)
    {
        Assert.Contains(table, Tables);
        await using var connection = new SqliteConnection($"Data Source={_storage.Store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public override int CountBlobFiles() =>
        System.IO.Directory.EnumerateFiles(_storage.Blobs.RootDirectory, "*", SearchOption.AllDirectories).Count();

    public override async Task OverwriteInlineContentAsync(Sha256Digest sha256, byte[] content)
    {
        await using var connection = new SqliteConnection($"Data Source={_storage.Store.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE part_contents SET content = @content WHERE sha256 = @sha256";
        command.Parameters.AddWithValue("@content", content);
        command.Parameters.AddWithValue("@sha256", sha256.Hex);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public override ValueTask DisposeAsync()
    {
        _storage.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
