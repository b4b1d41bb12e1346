using DocExchange.Core.Agencies;
using DocExchange.Storage.Postgres;
using DocExchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using DocExchange.Testing.Postgres;
using Npgsql;

namespace DocExchange.Storage.Tests;

/// <summary>Schema migrations on an empty database, as server instances apply them at start-up.</summary>
public sealed class PostgresMigrationTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await (await PostgresTestCluster.SharedAsync()).CreateDatabaseAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<PostgresExchangeStore> OpenAsync() =>
        PostgresExchangeStore.OpenAsync(NpgsqlDataSource.Create(_database.ConnectionString), CancellationToken.None);

    private Task<List<object?>> AppliedVersionsAsync() => _database.QueryAsync("SELECT version FROM schema_migrations ORDER BY version");

    [Fact]
    public async Task Opening_twice_applies_each_migration_once_and_keeps_the_data()
    {
        var agency = Records.Agency(AgencyCode.Parse("000.00.00.G12"));
        await using (var store = await OpenAsync())
        {
            Assert.True(await store.TryInsertAgencyAsync(agency, Records.Audit("operator", "agency.register"), CancellationToken.None));
        }

        await using (var reopened = await OpenAsync())
        {
            Assert.Equal(agency, await reopened.FindAgencyAsync(agency.Code, CancellationToken.None));
        }

        Assert.Equal(PostgresSchema.Migrations.Select(m => (object?)m.Version), await AppliedVersionsAsync());
    }

    [Fact]
    public async Task Instances_starting_at_once_apply_each_migration_exactly_once()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var openings = Enumerable.Range(0, 8).Select(async _ =>
        {
            await start.Task;
            return await OpenAsync();
        }).ToList();
        start.SetResult();

        var stores = await Task.WhenAll(openings);

        foreach (var store in stores) await store.DisposeAsync();
        Assert.Equal(PostgresSchema.Migrations.Select(m => (object?)m.Version), await AppliedVersionsAsync());
    }

    [Fact]
    public async Task The_schema_has_the_sqlite_tables_plus_the_audit_counter()
    {
        await using (await OpenAsync()) { }
        var sqliteDirectory = Path.Combine(Path.GetTempPath(), "dx-storage-tests", Guid.NewGuid().ToString("N"));
        List<string> sqliteTables;
        try
        {
            using (await SqliteExchangeStore.OpenAsync(Path.Combine(sqliteDirectory, "exchange.db"), CancellationToken.None)) { }
            await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(sqliteDirectory, "exchange.db")};Pooling=False");
            await sqlite.OpenAsync();
            await using var command = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", sqlite);
            await using var reader = await command.ExecuteReaderAsync();
            sqliteTables = [];
            while (await reader.ReadAsync()) sqliteTables.Add(reader.GetString(0));
        }
        finally
        {
            Directory.Delete(sqliteDirectory, recursive: true);
        }

        var tables = await _database.QueryAsync("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");

        Assert.Equal(sqliteTables.Append("audit_counter").Order(StringComparer.Ordinal).Cast<object?>(), tables);
    }

    [Fact]
    public async Task A_version_1_database_with_pre_release_audit_rows_is_refused_rather_than_losing_them()
    {
        await ApplyVersion1Async("INSERT INTO audit_outbox (occurred_at, actor, action, subject, outcome, detail) VALUES (0, 'operator', 'agency.register', NULL, 'ok', NULL)");

        var error = await Assert.ThrowsAsync<PostgresException>(OpenAsync);

        Assert.Contains("audit_outbox has rows from a pre-release version", error.MessageText, StringComparison.Ordinal);
        Assert.Equal([1L], await _database.QueryAsync("SELECT count(*) FROM audit_outbox"));
        Assert.Equal([(object?)1], await AppliedVersionsAsync());
    }

    [Fact]
    public async Task A_version_1_database_without_audit_rows_is_migrated_to_the_audit_tables()
    {
        await ApplyVersion1Async();

        await using (await OpenAsync()) { }

        Assert.Equal(PostgresSchema.Migrations.Select(m => (object?)m.Version), await AppliedVersionsAsync());
        Assert.Empty(await _database.QueryAsync("SELECT tablename::text FROM pg_tables WHERE tablename = 'audit_outbox'"));
        Assert.Equal([0L], await _database.QueryAsync("SELECT next FROM audit_counter"));
    }

    /// <summary>The schema as the first release left it: migration 1 only, then <paramref name="sql"/>.</summary>
    private async Task ApplyVersion1Async(string? sql = null)
    {
        await using var connection = await _database.OpenAsync();
        var migration = PostgresSchema.Migrations[0];
        await using var command = new NpgsqlCommand(
            $"""
            CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL);
            {migration.Sql};
            INSERT INTO schema_migrations (version, name, applied_at) VALUES ({migration.Version}, 'exchange core', 0);
            {sql};
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused_with_what_to_do()
    {
        await using (await OpenAsync()) { }
        await _database.QueryAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0) RETURNING version");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(OpenAsync);

        Assert.Contains("version 999, newer than this build knows", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade this server instance", error.Message, StringComparison.Ordinal);
    }
}
