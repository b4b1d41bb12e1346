using DocExchange.Core.Storage;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The <see cref="IExchangeStore"/> that several server instances share: one PostgreSQL database. Every write is one
/// READ COMMITTED transaction that ends by taking the commit-order lock (see <see cref="PostgresSql.LockCommitOrder"/>),
/// appending its ordered rows and audit event, and NOTIFYing the changed topics, so that subscribers on every
/// instance wake up (see <see cref="PostgresChangeNotifier"/>). Create it with <see cref="OpenAsync"/>, which applies
/// pending schema migrations.
/// </summary>
public sealed partial class PostgresExchangeStore : IExchangeStore, IAsyncDisposable
{
    private readonly PostgresDatabase _db;

    private PostgresExchangeStore(PostgresDatabase db) => _db = db;

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

    public Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long afterSequence, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<AuditEventRecord>>(
            async s => await s.QueryAsync(PostgresSql.SelectAuditEvents, PostgresRows.AuditEvent, ("after", afterSequence), ("limit", limit)).ConfigureAwait(false),
            cancellationToken);

    /// <summary>Ends a write: the commit-order lock, then the ordered rows, the audit event and the notifications.</summary>
    private static IEnumerable<PostgresStatement> Ordered(IEnumerable<PostgresStatement> orderedRows, AuditEventRecord audit, IEnumerable<string> channels)
    {
        yield return new PostgresStatement(PostgresSql.LockCommitOrder);
        foreach (var statement in orderedRows) yield return statement;
        yield return PostgresRows.InsertAudit(audit);
        var names = channels.ToList();
        if (names.Count > 0) yield return PostgresRows.Notify(names);
    }

    /// <summary>Runs <see cref="Ordered"/> when no ordered row returns a value.</summary>
    private static Task<bool> FinishAsync(PostgresSession s, IEnumerable<PostgresStatement> orderedRows, AuditEventRecord audit, IEnumerable<string> channels) =>
        s.BatchAsync(Ordered(orderedRows, audit, channels), (_, _) => Task.FromResult(true));

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
