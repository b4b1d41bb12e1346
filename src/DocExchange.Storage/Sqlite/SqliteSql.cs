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

    // Inline contents: the row is inserted with a zeroblob of the content's size, then the bytes are written in place
    // (sqlite3_blob_write), so they need no byte array of their own size to be bound.
    public const string InsertContent = """
        INSERT INTO part_contents (sha256, content) VALUES (@sha256, zeroblob(@size))
        ON CONFLICT (sha256) DO NOTHING RETURNING rowid
        """;
    public const string SelectContent = "SELECT rowid, length(content) FROM part_contents WHERE sha256 = @sha256";
    public const string ContentsTable = "part_contents";
    public const string ContentColumn = "content";
}
