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

    /// <summary>Events with sequence ≥ <paramref name="fromSequence"/> (sequences start at 0), decoded from their leaves.</summary>
    public async Task<IReadOnlyList<AuditEventRecord>> ReadAuditEventsAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        var rows = await Db.ReadAsync(s => s.QueryAsync(RelationalSql.SelectAuditLeaves, r => (byte[])r.GetValue(1),
            ("from", fromSequence), ("limit", limit)), cancellationToken).ConfigureAwait(false);
        return rows.Select(leaf => AuditRecordMapping.ToRecord(AuditEventEncoding.Decode(leaf))).ToList();
    }

    /// <summary>Ends a write whose ordered rows return nothing: see <see cref="AuditEventWriter.FinishAsync"/>.</summary>
    private protected Task FinishAsync(DbSession s, StatementBatch before, IEnumerable<Statement> orderedRows,
        AuditEventRecord audit, IEnumerable<string> channels) =>
        AuditEventWriter.FinishAsync(s, Sql.Dialect, before, orderedRows, audit, channels);

    private protected Task FinishAsync(DbSession s, AuditEventRecord audit) => FinishAsync(s, new StatementBatch(), [], audit, []);
}
