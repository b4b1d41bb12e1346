using System.Data.Common;
using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

/// <summary>
/// The audit events table (written by the exchange store with each change) as the audit trail reads it. Every
/// server instance sharing a database sees one sequence (see <see cref="SqlDialect.DrawAuditSequence"/>).
/// </summary>
public sealed class RelationalAuditEventStore : IAuditEventStore
{
    private readonly IRelationalDatabase _db;

    internal RelationalAuditEventStore(IRelationalDatabase db) => _db = db;

    public Task<long> RecordAsync(AuditEventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _db.WriteAsync(async s =>
            (true, await AuditEventWriter.FinishAsync(s, _db.Sql.Dialect, new StatementBatch(), [], record, []).ConfigureAwait(false)), cancellationToken);
    }

    public Task<long> GetNextSequenceAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => Convert.ToInt64(await s.ScalarAsync(_db.Sql.Dialect.NextAuditSequence).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The audit sequence cannot be read: the audit trail cannot number events."),
            System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public Task<IReadOnlyList<StoredAuditLeaf>> ReadLeavesAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _db.ReadAsync<IReadOnlyList<StoredAuditLeaf>>(
            async s => await s.QueryAsync(RelationalSql.SelectAuditLeaves, Leaf, ("from", fromSequence), ("limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<IndexedAuditLeaf>> QueryAsync(AuditEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _db.ReadAsync<IReadOnlyList<IndexedAuditLeaf>>(
            async s => await s.QueryAsync(_db.Sql.QueryAuditLeaves, IndexedLeaf,
                ("from", Math.Max(query.FromSequence, 0)),
                ("documentId", string.IsNullOrEmpty(query.DocumentId) ? null : query.DocumentId),
                ("agency", string.IsNullOrEmpty(query.Agency) ? null : query.Agency),
                ("actions", query.Actions is { Count: > 0 } actions ? _db.Sql.Dialect.ListValue(actions.ToArray()) : null),
                ("since", query.Since is { } since ? StoredRows.Ticks(AuditTime.Normalize(since)) : null),
                ("until", query.Until is { } until ? StoredRows.Ticks(AuditTime.Normalize(until)) : null),
                ("limit", query.EffectiveLimit)).ConfigureAwait(false),
            cancellationToken);
    }

    private static StoredAuditLeaf Leaf(DbDataReader r) => new(r.GetInt64(0), (byte[])r.GetValue(1));

    private static IndexedAuditLeaf IndexedLeaf(DbDataReader r) => new(
        r.GetInt64(0),
        new AuditIndexValues(r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
            r.IsDBNull(8) ? [] : r.GetString(8).Split('\n')),
        (byte[])r.GetValue(1));
}
