using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The PostgreSQL audit events table (written by <see cref="PostgresExchangeStore"/> with each change) as the audit
/// trail reads it. Every instance sharing the database sees one sequence: the one drawn under the commit-order lock.
/// </summary>
public sealed class PostgresAuditEventStore : IAuditEventStore
{
    private readonly PostgresDatabase _db;

    internal PostgresAuditEventStore(PostgresDatabase db) => _db = db;

    public Task<long> RecordAsync(AuditEventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _db.WriteAsync(async s =>
        {
            var (sequence, _) = await PostgresAuditEvents.LockAndDrawAsync(s, [], []).ConfigureAwait(false);
            await PostgresAuditEvents.InsertAsync(s, sequence, record, []).ConfigureAwait(false);
            return (true, sequence);
        }, cancellationToken);
    }

    public Task<long> GetNextSequenceAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (long)(await s.ScalarAsync(PostgresSql.NextAuditSequence).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The audit_counter row is missing: the audit trail cannot number events.")), cancellationToken);

    public Task<IReadOnlyList<StoredAuditLeaf>> ReadLeavesAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _db.ReadAsync<IReadOnlyList<StoredAuditLeaf>>(
            async s => await s.QueryAsync(PostgresSql.SelectAuditLeaves, Leaf, ("from", fromSequence), ("limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<IndexedAuditLeaf>> QueryAsync(AuditEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _db.ReadAsync<IReadOnlyList<IndexedAuditLeaf>>(
            async s => await s.QueryAsync(PostgresSql.QueryAuditLeaves, IndexedLeaf,
                ("from", Math.Max(query.FromSequence, 0)),
                ("documentId", string.IsNullOrEmpty(query.DocumentId) ? null : query.DocumentId),
                ("agency", string.IsNullOrEmpty(query.Agency) ? null : query.Agency),
                ("actions", query.Actions is { Count: > 0 } actions ? actions.ToArray() : null),
                ("since", query.Since is { } since ? PostgresRows.Ticks(AuditTime.Normalize(since)) : null),
                ("until", query.Until is { } until ? PostgresRows.Ticks(AuditTime.Normalize(until)) : null),
                ("limit", query.EffectiveLimit)).ConfigureAwait(false),
            cancellationToken);
    }

    private static StoredAuditLeaf Leaf(Npgsql.NpgsqlDataReader r) => new(r.GetInt64(0), r.GetFieldValue<byte[]>(1));

    private static IndexedAuditLeaf IndexedLeaf(Npgsql.NpgsqlDataReader r) => new(
        r.GetInt64(0),
        new AuditIndexValues(r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetFieldValue<string[]>(8)),
        r.GetFieldValue<byte[]>(1));
}
