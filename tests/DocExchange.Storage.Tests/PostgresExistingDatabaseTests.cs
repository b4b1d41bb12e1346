using DocExchange.Testing.Postgres;

namespace DocExchange.Storage.Tests;

public sealed class PostgresExistingDatabaseTests : ExistingDatabaseTests
{
    [Fact]
    public async Task A_database_written_by_the_previous_store_opens_reads_back_and_continues()
    {
        await using var database = await (await PostgresTestCluster.SharedAsync()).CreateDatabaseAsync();
        await using (var connection = await database.OpenAsync())
        {
            await using var load = connection.CreateCommand();
            load.CommandText = Dump("postgres.sql");
            await load.ExecuteNonQueryAsync();
        }

        var blobDirectory = Path.Combine(Path.GetTempPath(), "dx-existing-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var storage = await PostgresStorageUnderTest.OpenInstanceAsync(database, blobDirectory);
            await ReadsBackAndContinuesAsync(storage.Store, storage.AuditEvents, storage.MerkleNodes);
        }
        finally
        {
            if (Directory.Exists(blobDirectory)) Directory.Delete(blobDirectory, recursive: true);
        }
    }
}
