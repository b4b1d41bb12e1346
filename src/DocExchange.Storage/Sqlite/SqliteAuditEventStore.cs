using System.Text.Json;
using DocExchange.Audit;
using DocExchange.Audit.Trail;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

/// <summary>The SQLite audit events table (written by <see cref="SqliteExchangeStore"/> with each change) as the audit trail reads it.</summary>
public sealed class SqliteAuditEventStore : IAuditEventStore
{
    private readonly SqliteDatabase _db;

    internal SqliteAuditEventStore(SqliteDatabase db) => _db = db;

    public Task<long> RecordAsync(AuditEventRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _db.WriteAsync(async s => (true, await SqliteAuditEvents.InsertAsync(s, record).ConfigureAwait(false)), cancellationToken);
    }

    public Task<long> GetNextSequenceAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (long)(await s.ScalarAsync(SqliteSql.NextAuditSequence).ConfigureAwait(false))!, cancellationToken);

    public Task<IReadOnlyList<StoredAuditLeaf>> ReadLeavesAsync(long fromSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return _db.ReadAsync<IReadOnlyList<StoredAuditLeaf>>(
            async s => await s.QueryAsync(SqliteSql.SelectAuditLeaves, Leaf, ("$from", fromSequence), ("$limit", limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<IndexedAuditLeaf>> QueryAsync(AuditEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var actions = query.Actions is { Count: > 0 } list ? JsonSerializer.Serialize(list) : null;
        return _db.ReadAsync<IReadOnlyList<IndexedAuditLeaf>>(
            async s => await s.QueryAsync(SqliteSql.QueryAuditLeaves, IndexedLeaf,
                ("$from", Math.Max(query.FromSequence, 0)),
                ("$documentId", string.IsNullOrEmpty(query.DocumentId) ? null : query.DocumentId),
                ("$agency", string.IsNullOrEmpty(query.Agency) ? null : query.Agency),
                ("$actions", actions),
                ("$since", query.Since is { } since ? SqliteRows.Ticks(AuditTime.Normalize(since)) : null),
                ("$until", query.Until is { } until ? SqliteRows.Ticks(AuditTime.Normalize(until)) : null),
                ("$limit", query.EffectiveLimit)).ConfigureAwait(false),
            cancellationToken);
    }

    private static StoredAuditLeaf Leaf(Microsoft.Data.Sqlite.SqliteDataReader r) => new(r.GetInt64(0), (byte[])r.GetValue(1));

    private static IndexedAuditLeaf IndexedLeaf(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetInt64(0),
        new AuditIndexValues(r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
            r.IsDBNull(8) ? [] : r.GetString(8).Split('\n')),
        (byte[])r.GetValue(1));
}
