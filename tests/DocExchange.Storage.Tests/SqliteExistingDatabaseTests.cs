using DocExchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Tests;

public sealed class SqliteExistingDatabaseTests : ExistingDatabaseTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dx-existing-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_database_written_by_the_previous_store_opens_reads_back_and_continues()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "exchange.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var load = connection.CreateCommand();
            load.CommandText = Dump("sqlite.sql");
            await load.ExecuteNonQueryAsync();
        }

        using var storage = await SqliteStorage.OpenAsync(
            new SqliteStorageOptions { DatabasePath = path, BlobDirectory = Path.Combine(_directory, "blobs") }, CancellationToken.None);
        await ReadsBackAndContinuesAsync(storage.Store, storage.AuditEvents, storage.MerkleNodes);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
