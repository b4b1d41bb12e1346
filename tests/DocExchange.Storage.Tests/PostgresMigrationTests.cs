using DocExchange.Core.Agencies;
using DocExchange.Storage.Postgres;
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
    public async Task The_schema_has_the_same_tables_as_the_sqlite_one()
    {
        await using (await OpenAsync()) { }

        var tables = await _database.QueryAsync("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
        Assert.Equal(
            ["agencies", "audit_outbox", "deliveries", "document_parts", "documents", "inbox_entries", "schema_migrations", "statuses", "trace_hops"],
            tables);
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
