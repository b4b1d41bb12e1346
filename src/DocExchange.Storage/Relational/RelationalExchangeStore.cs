using DocExchange.Audit.Events;
using DocExchange.Audit.Trail;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

/// <summary>
/// The <see cref="IExchangeStore"/> over either engine. Every write is one transaction that does its own work first
/// and ends with <see cref="AuditEventWriter.FinishAsync"/>: the audit sequence drawn (after the commit-order lock where
/// the engine needs one), the rows that draw cursors and sequences, the audit event and the notifications.
/// </summary>
public abstract partial class RelationalExchangeStore : IExchangeStore
{
    private protected RelationalExchangeStore(IRelationalDatabase db) => Db = db;

    private protected IRelationalDatabase Db { get; }

    private protected RelationalSql Sql => Db.Sql;

    /// <summary>The statements, round trips and transactions this store has run.</summary>
    public StoreActivity Activity { get; } = new();

    /// <summary>A read of the database, counted in <see cref="Activity"/>.</summary>
    private protected Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken) =>
        Db.ReadAsync(async s =>
        {
            try
            {
                return await work(s).ConfigureAwait(false);
            }
            finally
            {
                Activity.Add(s);
            }
        }, cancellationToken);

    /// <summary>A write transaction, counted in <see cref="Activity"/>.</summary>
    private protected Task<T> WriteAsync<T>(Func<DbSession, Task<(bool Commit, T Result)>> work, CancellationToken cancellationToken) =>
        Db.WriteAsync(async s =>
        {
            try
            {
                return await work(s).ConfigureAwait(false);
            }
            finally
            {
                Activity.Add(s);
            }
        }, cancellationToken);

    /// <summary>Events with sequence ≥ <paramref name="fromSequence"/> (sequences start at 0), decoded from their leaves.</summary>
    public async Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(s => s.QueryAsync(RelationalSql.SelectAuditLeaves, r => (byte[])r.GetValue(1),
            ("from", fromSequence), ("limit", limit)), cancellationToken).ConfigureAwait(false);
        return rows.Select(leaf => AuditRecordMapping.ToRecord(AuditEventEncoding.Decode(leaf))).ToList();
    }

    /// <summary>Ends a write whose ordered rows return nothing: see <see cref="AuditEventWriter.FinishAsync"/>.</summary>
    private protected Task FinishAsync(DbSession s, StatementBatch before, IEnumerable<Statement> orderedRows,
        AuditEventRecord audit, IEnumerable<string> channels) =>
        AuditEventWriter.FinishAsync(s, Sql.Dialect, before, orderedRows, audit, channels);

    private protected Task FinishAsync(DbSession s, AuditEventRecord audit) => FinishAsync(s, new StatementBatch(), [], audit, []);
}
