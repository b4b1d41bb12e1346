namespace DocExchange.Storage.Sqlite;

/// <summary>The statements only SQLite runs: its migrations (the schema is in <see cref="SqliteSchema"/>; the rest is shared, see <see cref="Relational.RelationalSql"/>).</summary>
internal static class SqliteSql
{
    // Migrations
    public const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            name        TEXT NOT NULL,
            applied_at  INTEGER NOT NULL
        )
        """;
    public const string SelectMigrationVersions = "SELECT version FROM schema_migrations ORDER BY version";
    public const string InsertMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)";
    public const string EnableWal = "PRAGMA journal_mode = WAL";
}
