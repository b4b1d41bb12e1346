using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// The embedded <see cref="IExchangeStore"/>: one SQLite file in WAL mode, synchronous=FULL, foreign keys on.
/// Create it with <see cref="OpenAsync"/>, which applies pending schema migrations.
/// </summary>
public sealed partial class SqliteExchangeStore : IExchangeStore, IDisposable
{
    private readonly SqliteDatabase _db;

    private SqliteExchangeStore(SqliteDatabase db, string databasePath)
    {
        _db = db;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }

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

    public Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<AuditEventRecord>>(
            async s => await s.QueryAsync(SqliteSql.SelectAuditEvents, SqliteRows.AuditEvent, ("$after", afterSequence), ("$limit", limit)).ConfigureAwait(false),
            cancellationToken);

    private static Task InsertAuditAsync(SqliteSession s, AuditEventRecord audit) =>
        s.ExecuteAsync(SqliteSql.InsertAuditEvent,
            ("$at", SqliteRows.Ticks(audit.OccurredAt)), ("$actor", audit.Actor), ("$action", audit.Action),
            ("$subject", audit.Subject), ("$outcome", audit.Outcome), ("$detail", audit.Detail));

    public void Dispose() => _db.Dispose();
}
