using System.Data.Common;
using System.Text.RegularExpressions;
using DocExchange.Audit.Trail;
using DocExchange.Storage.Postgres;
using DocExchange.Storage.Relational;
using DocExchange.Storage.Sqlite;
using DocExchange.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Every shape of audit query (no filter, each filter alone, and combinations) is found through an index, so that its
/// cost follows what it returns rather than the size of the trail: the engine's own plan of the statement the store
/// runs, on the migrated schema, names the index and scans neither audit_events nor audit_event_agencies.
/// </summary>
public static class AuditQueryShapes
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Each shape, with the index that finds its events on SQLite and on PostgreSQL.</summary>
    public static TheoryData<string, string, string> Named { get; } = new()
    {
        { "no filter", "INTEGER PRIMARY KEY (rowid>?)", "audit_events_pkey" },
        { "document", "ix_audit_events_document (document_id=? AND sequence>?)", "ix_audit_events_document" },
        { "agency", "PRIMARY KEY (agency_code=? AND sequence>?)", "audit_event_agencies_pkey" },
        { "one action", "ix_audit_events_action (action=? AND sequence>?)", "ix_audit_events_action" },
        { "two actions", "ix_audit_events_action (action=? AND sequence>?)", "ix_audit_events_action" },
        { "since", "ix_audit_events_time (occurred_at>?)", "ix_audit_events_time" },
        { "time range", "ix_audit_events_time (occurred_at>? AND occurred_at<?)", "ix_audit_events_time" },
        { "document, agency, actions and time", "ix_audit_events_document (document_id=? AND sequence>?)", "ix_audit_events_document" },
        { "agency and time", "PRIMARY KEY (agency_code=? AND sequence>?)", "audit_event_agencies_pkey" },
        { "agency and actions", "PRIMARY KEY (agency_code=? AND sequence>?)", "audit_event_agencies_pkey" },
        { "actions and time", "ix_audit_events_action (action=? AND sequence>?)", "ix_audit_events_action" },
    };

    public static AuditEventQuery Query(string shape) => shape switch
    {
        "no filter" => new AuditEventQuery { FromSequence = 10 },
        "document" => new AuditEventQuery { DocumentId = "doc-7" },
        "agency" => new AuditEventQuery { Agency = "000.00.00.G03" },
        "one action" => new AuditEventQuery { Actions = ["action.3"] },
        "two actions" => new AuditEventQuery { Actions = ["action.3", "action.5"] },
        "since" => new AuditEventQuery { Since = Noon },
        "time range" => new AuditEventQuery { Since = Noon, Until = Noon.AddMinutes(1) },
        "document, agency, actions and time" => new AuditEventQuery
        {
            DocumentId = "doc-7", Agency = "000.00.00.G03", Actions = ["action.3", "action.5"], Since = Noon.AddDays(-10), Until = Noon.AddDays(1),
        },
        "agency and time" => new AuditEventQuery { Agency = "000.00.00.G03", Since = Noon.AddDays(-10), Until = Noon.AddDays(1) },
        "agency and actions" => new AuditEventQuery { Agency = "000.00.00.G03", Actions = ["action.3"] },
        "actions and time" => new AuditEventQuery { Actions = ["action.3", "action.5"], Since = Noon.AddDays(-10), Until = Noon.AddDays(1) },
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Not a shape of this suite."),
    };

    /// <summary>The look-up of the agencies listed for one found event, as the store runs it.</summary>
    internal static Statement ListedAgencies(SqlDialect dialect) =>
        new(new RelationalSql(dialect).SelectListedAuditAgencies, ("sequence", 5L), ("agencies", dialect.ListValue(["000.00.00.G03", "000.00.00.G10"])));

    /// <summary>The plan's lines, as the engine prints them for <paramref name="explain"/> followed by the statement.</summary>
    internal static async Task<string> PlanAsync(DbConnection connection, string explain, Statement statement, int column)
    {
        var session = new DbSession(connection, null, null, CancellationToken.None);
        var lines = await session.QueryAsync($"{explain} {statement.Sql}", r => r.GetString(column), statement.Parameters);
        return string.Join("\n", lines);
    }
}

public sealed class SqliteAuditQueryPlanTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dx-audit-plan-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [MemberData(nameof(AuditQueryShapes.Named), MemberType = typeof(AuditQueryShapes))]
    public async Task Each_query_shape_searches_an_index_and_scans_no_audit_table(string shape, string sqliteIndex, string postgresIndex)
    {
        _ = postgresIndex;
        var path = Path.Combine(_directory, "exchange.db");
        using (await SqliteExchangeStore.OpenAsync(path, CancellationToken.None)) { }
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();

        // Column 3 of EXPLAIN QUERY PLAN is the step's text, e.g. "SEARCH e USING INTEGER PRIMARY KEY (rowid>?)".
        var plan = await AuditQueryShapes.PlanAsync(connection, "EXPLAIN QUERY PLAN", AuditQuerySql.For(AuditQueryShapes.Query(shape), new SqliteDialect()), column: 3);
        output.WriteLine(plan);

        Assert.True(plan.Contains(sqliteIndex, StringComparison.Ordinal), plan);
        Assert.False(Regex.IsMatch(plan, @"SCAN (e|f|a|audit_events|audit_event_agencies)\b"), plan);
    }

    [Fact]
    public async Task A_time_range_holding_every_event_from_the_first_sequence_on_walks_them_in_sequence_order()
    {
        var path = Path.Combine(_directory, "exchange.db");
        using (await SqliteExchangeStore.OpenAsync(path, CancellationToken.None)) { }
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        var dialect = new SqliteDialect();

        var plan = await AuditQueryShapes.PlanAsync(connection, "EXPLAIN QUERY PLAN",
            AuditQuerySql.For(AuditQueryShapes.Query("since"), dialect, timeRangeCoversTheRest: true), column: 3);
        var bounds = await AuditQueryShapes.PlanAsync(connection, "EXPLAIN QUERY PLAN", new Statement(AuditQuerySql.SelectTimeBounds, ("from", 0L)), column: 3);

        Assert.Equal("SEARCH e USING INTEGER PRIMARY KEY (rowid>?)", plan);
        Assert.False(bounds.Contains("SCAN audit_events", StringComparison.Ordinal), bounds);
    }

    [Fact]
    public async Task The_agencies_of_a_found_event_are_found_by_the_agency_table_s_key()
    {
        var path = Path.Combine(_directory, "exchange.db");
        using (await SqliteExchangeStore.OpenAsync(path, CancellationToken.None)) { }
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        var dialect = new SqliteDialect();

        var plan = await AuditQueryShapes.PlanAsync(connection, "EXPLAIN QUERY PLAN", AuditQueryShapes.ListedAgencies(dialect), column: 3);

        Assert.True(plan.Contains("SEARCH audit_event_agencies USING PRIMARY KEY (agency_code=? AND sequence=?)", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("SCAN audit_event_agencies", StringComparison.Ordinal), plan);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>
/// On PostgreSQL the planner weighs costs, so the plans are taken on a table where an index pays: 20,000 events (ANALYZE
/// then reads them all, so the statistics, and the plans, are the same on every run), one a minute up to 200 minutes
/// after the shapes' noon, by 20 agencies (each in 10% of the events), of 100 actions and about 6,700 documents.
/// </summary>
public sealed class PostgresAuditQueryPlanTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresStorageUnderTest.CreateMigratedDatabaseAsync();
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO audit_events (sequence, occurred_at, actor_organ_id, actor_role, action, document_id, outcome, leaf)
            SELECT i, 639296712000000000 + i * 600000000, '000.00.00.G' || lpad((i % 20)::text, 2, '0'), 'agency',
                'action.' || (i % 100), 'doc-' || (i / 3), 'ok', '\x00'::bytea
            FROM generate_series(0::bigint, 19999) AS i;
            INSERT INTO audit_event_agencies (agency_code, sequence)
            SELECT actor_organ_id, sequence FROM audit_events
            UNION SELECT '000.00.00.G' || lpad(((sequence + 7) % 20)::text, 2, '0'), sequence FROM audit_events;
            ANALYZE audit_events;
            ANALYZE audit_event_agencies;
            """;
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_agencies_of_a_found_event_are_found_by_the_agency_table_s_key()
    {
        await using var connection = await _database.OpenAsync();

        var plan = await AuditQueryShapes.PlanAsync(connection, "EXPLAIN", AuditQueryShapes.ListedAgencies(new PostgresDialect()), column: 0);

        Assert.True(plan.Contains("audit_event_agencies_pkey", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
    }

    [Theory]
    [MemberData(nameof(AuditQueryShapes.Named), MemberType = typeof(AuditQueryShapes))]
    public async Task Each_query_shape_searches_an_index_and_scans_no_audit_table(string shape, string sqliteIndex, string postgresIndex)
    {
        _ = sqliteIndex;
        await using var connection = await _database.OpenAsync();

        var plan = await AuditQueryShapes.PlanAsync(connection, "EXPLAIN", AuditQuerySql.For(AuditQueryShapes.Query(shape), new PostgresDialect()), column: 0);
        output.WriteLine(plan);

        Assert.True(plan.Contains(postgresIndex, StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
    }
}
