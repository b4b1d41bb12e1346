using DocExchange.Audit.Events;
using DocExchange.Audit.Trail;
using DocExchange.Core.Storage;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The <see cref="IExchangeStore"/> that several server instances share: one PostgreSQL database. Every write is one
/// READ COMMITTED transaction that ends by taking the commit-order lock (see <see cref="PostgresSql.LockCommitOrder"/>),
/// drawing its audit sequence, appending its ordered rows and its audit event (with the canonical leaf bytes, see
/// <see cref="PostgresAuditEvents"/>), and NOTIFYing the changed topics, so that subscribers on every
/// instance wake up (see <see cref="PostgresChangeNotifier"/>). Create it with <see cref="OpenAsync"/>, which applies
/// pending schema migrations.
/// </summary>
public sealed partial class PostgresExchangeStore : IExchangeStore, IAsyncDisposable
{
    private readonly PostgresDatabase _db;

    private PostgresExchangeStore(PostgresDatabase db) => _db = db;

    /// <summary>The shared connections, for the audit stores over the same database.</summary>
    internal PostgresDatabase Database => _db;

    /// <summary>Connects through <paramref name="dataSource"/> (which the store then owns) and brings the schema up to date.</summary>
    public static async Task<PostgresExchangeStore> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var db = new PostgresDatabase(dataSource);
        try
        {
            await PostgresMigrator.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
            return new PostgresExchangeStore(db);
        }
        catch
        {
            await db.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Events with sequence ≥ <paramref name="fromSequence"/> (sequences start at 0), decoded from their leaves.</summary>
    public async Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        var rows = await _db.ReadAsync(s => s.QueryAsync(PostgresSql.SelectAuditLeaves, r => r.GetFieldValue<byte[]>(1),
            ("from", fromSequence), ("limit", limit)), cancellationToken).ConfigureAwait(false);
        return rows.Select(leaf => AuditRecordMapping.ToRecord(AuditEventEncoding.Decode(leaf))).ToList();
    }

    /// <summary>
    /// Ends a write whose ordered rows return nothing: the commit-order lock and the audit sequence, the ordered rows,
    /// then the audit event and the notifications.
    /// </summary>
    private static async Task FinishAsync(PostgresSession s, IEnumerable<PostgresStatement> before, IEnumerable<PostgresStatement> orderedRows,
        AuditEventRecord audit, IEnumerable<string> channels)
    {
        var (sequence, _) = await PostgresAuditEvents.LockAndDrawAsync(s, before, orderedRows).ConfigureAwait(false);
        await PostgresAuditEvents.InsertAsync(s, sequence, audit, channels).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
