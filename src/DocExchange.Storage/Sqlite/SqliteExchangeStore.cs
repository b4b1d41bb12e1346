using DocExchange.Audit.Events;
using DocExchange.Audit.Trail;
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

    /// <summary>The shared database (and its writer gate), for the audit stores over the same file.</summary>
    internal SqliteDatabase Database => _db;

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

    /// <summary>Events with sequence ≥ <paramref name="fromSequence"/> (sequences start at 0), decoded from their leaves.</summary>
    public async Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        var rows = await _db.ReadAsync(s => s.QueryAsync(SqliteSql.SelectAuditLeaves, r => new StoredAuditLeaf(r.GetInt64(0), (byte[])r.GetValue(1)),
            ("$from", fromSequence), ("$limit", limit)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => AuditRecordMapping.ToRecord(AuditEventEncoding.Decode(r.Leaf))).ToList();
    }

    private static Task<long> InsertAuditAsync(SqliteSession s, AuditEventRecord audit) => SqliteAuditEvents.InsertAsync(s, audit);

    public void Dispose() => _db.Dispose();
}
