using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;
using DocExchange.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Tests;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dx-migration-tests", Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_directory, "exchange.db");

    [Fact]
    public async Task Opening_twice_applies_each_migration_once_and_keeps_the_data()
    {
        var agency = new Agency(AgencyCode.Parse("000.00.00.G12"), "Bộ Tài chính", AgencyContact.Empty, true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        using (var store = await SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
            Assert.True(await store.TryInsertAgencyAsync(agency, Audit(), CancellationToken.None));
        }

        using (var reopened = await SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None))
        {
            Assert.Equal(agency, await reopened.FindAgencyAsync(agency.Code, CancellationToken.None));
        }

        var versions = await QueryAsync("SELECT version FROM schema_migrations ORDER BY version");
        Assert.Equal(SqliteSchema.Migrations.Select(m => (object)(long)m.Version), versions);
    }

    [Fact]
    public async Task Agencies_pinning_a_thumbprint_are_found_through_an_index_not_a_scan()
    {
        using (await SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None)) { }

        var plan = string.Join(" ", await QueryAsync("EXPLAIN QUERY PLAN SELECT agency_code FROM agency_pinned_thumbprints WHERE sha256 = x'00'", column: 3));

        Assert.Contains("agency_pinned_thumbprints_by_sha256", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_the_expected_tables()
    {
        using (await SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None)) { }

        Assert.Equal(["wal"], await QueryAsync("PRAGMA journal_mode"));
        var tables = await QueryAsync("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        Assert.Equal(
            [
                "agencies", "agency_crls", "agency_pinned_thumbprints", "agency_trusted_cas", "audit_checkpoints", "audit_event_agencies", "audit_events", "deliveries", "document_parts", "documents",
                "inbox_entries", "merkle_nodes", "merkle_tree", "part_contents", "schema_migrations", "statuses", "trace_hops",
            ],
            tables);
    }

    [Fact]
    public async Task Inserting_an_existing_agency_changes_nothing()
    {
        using var store = await SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None);
        var agency = new Agency(AgencyCode.Parse("000.00.00.G12"), "Bộ Tài chính", AgencyContact.Empty, true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        await store.TryInsertAgencyAsync(agency, Audit(), CancellationToken.None);

        Assert.False(await store.TryInsertAgencyAsync(agency with { Name = "Other" }, Audit(), CancellationToken.None));
        Assert.Equal("Bộ Tài chính", (await store.FindAgencyAsync(agency.Code, CancellationToken.None))!.Name);
        Assert.Single(await store.ReadAuditEventsAsync(0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_pre_release_database_with_audit_outbox_rows_is_refused_rather_than_losing_them()
    {
        Directory.CreateDirectory(_directory);
        await ExecuteAsync(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);" +
            SqliteSchema.Migrations[0].Sql +
            "INSERT INTO schema_migrations VALUES (1, 'exchange core', 0);" +
            "INSERT INTO audit_outbox (occurred_at, actor, action, subject, outcome, detail) VALUES (0, 'operator', 'agency.register', NULL, 'ok', NULL);");

        var error = await Assert.ThrowsAsync<SqliteException>(() => SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None));

        Assert.Contains("audit_outbox_has_rows_from_a_pre_release_version", error.Message);
        Assert.Equal([1L], await QueryAsync("SELECT COUNT(*) FROM audit_outbox"));
    }

    [Fact]
    public async Task A_version_1_database_without_audit_rows_is_migrated_to_the_audit_tables()
    {
        Directory.CreateDirectory(_directory);
        await ExecuteAsync(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);" +
            SqliteSchema.Migrations[0].Sql +
            "INSERT INTO schema_migrations VALUES (1, 'exchange core', 0);");

        using (var store = await SqliteExchangeStore.OpenAsync(DatabasePath, CancellationToken.None)) { }

        Assert.Equal([0L], await QueryAsync("SELECT size FROM merkle_tree"));
        Assert.Empty(await QueryAsync("SELECT name FROM sqlite_master WHERE name = 'audit_outbox'"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static AuditEventRecord Audit() =>
        AuditEventRecord.Simple(DateTimeOffset.UnixEpoch, ExchangeActor.ForRole(ExchangeActor.OperatorRole), AuditActions.AgencyRegistered, "ok", "agency=000.00.00.G12");

    private async Task<List<object>> QueryAsync(string sql, int column = 0)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync()) values.Add(reader.GetValue(column));
        return values;
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
