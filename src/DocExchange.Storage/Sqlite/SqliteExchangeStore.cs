using DocExchange.Storage.Relational;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// The embedded exchange store: one SQLite file in WAL mode, synchronous=FULL, foreign keys on.
/// Create it with <see cref="OpenAsync(string, TimeSpan, CancellationToken)"/>, which applies pending schema migrations.
/// </summary>
public sealed class SqliteExchangeStore : RelationalExchangeStore, IDisposable
{
    private SqliteExchangeStore(SqliteDatabase db, string databasePath) : base(db)
    {
        Database = db;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

    /// <summary>The shared database (and its writer gate), for the audit stores over the same file.</summary>
    internal SqliteDatabase Database { get; }

    /// <summary>Opens (creating if needed) the database file and brings its schema up to date.</summary>
    public static async Task<SqliteExchangeStore> OpenAsync(string databasePath, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var fullPath = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var db = new SqliteDatabase(fullPath, busyTimeout);
        try
        {
            await SqliteMigrator.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
            return new SqliteExchangeStore(db, fullPath);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public static Task<SqliteExchangeStore> OpenAsync(string databasePath, CancellationToken cancellationToken) =>
        OpenAsync(databasePath, TimeSpan.FromSeconds(30), cancellationToken);

    public void Dispose() => Database.Dispose();
}
