using System.Data.Common;
using DocExchange.Audit;
using DocExchange.Audit.Events;
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

    /// <summary>
    /// The events the query finds through its filters' index (see <see cref="AuditQuerySql"/>), each with the index
    /// values stored beside its leaf. Its agencies are those of the agencies its leaf concerns that audit_event_agencies
    /// lists for it, each found by that table's key: a row removed shows as an agency missing (and the audit trail
    /// refuses the answer); a row added for an agency the leaf does not concern only makes the query by that agency
    /// find the event, whose leaf then fails that filter (refused as well).
    /// </summary>
    public Task<IReadOnlyList<IndexedAuditLeaf>> QueryAsync(AuditEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _db.ReadAsync<IReadOnlyList<IndexedAuditLeaf>>(async s =>
        {
            var covers = false;
            if (AuditQuerySql.DrivenByTime(query))
            {
                var bounds = await s.QueryAsync(AuditQuerySql.SelectTimeBounds, r => (First: NullableInt64(r, 0), Last: NullableInt64(r, 1)),
                    ("from", Math.Max(query.FromSequence, 0))).ConfigureAwait(false);
                covers = AuditQuerySql.TimeRangeCovers(query, bounds[0].First, bounds[0].Last);
            }
            var statement = AuditQuerySql.For(query, _db.Sql.Dialect, covers);
            var rows = await s.QueryAsync(statement.Sql, FoundEvent.Read, statement.Parameters).ConfigureAwait(false);
            var batch = new StatementBatch();
            var listed = rows.Select(row => row.LeafAgencies is { Length: > 0 } agencies
                ? batch.Query(_db.Sql.SelectListedAuditAgencies, r => r.GetString(0), ("sequence", row.Sequence), ("agencies", _db.Sql.Dialect.ListValue(agencies)))
                : []).ToList();
            await s.RunAsync(batch).ConfigureAwait(false);
            return rows.Select((row, i) => row.ToIndexedLeaf(listed[i])).ToList();
        }, cancellationToken);
    }

    private static long? NullableInt64(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static StoredAuditLeaf Leaf(DbDataReader r) => new(r.GetInt64(0), (byte[])r.GetValue(1));

    /// <summary>A row the query found, with the agencies its leaf concerns (none when the leaf cannot be decoded, which the trail refuses).</summary>
    private sealed record FoundEvent(long Sequence, byte[] Leaf, long OccurredAtTicks, string OrganId, string Role, string Action, string DocumentId,
        string Outcome, string[] LeafAgencies)
    {
        public static FoundEvent Read(DbDataReader r)
        {
            var leaf = (byte[])r.GetValue(1);
            string[] agencies = AuditEventEncoding.TryDecode(leaf, out var decoded, out _) ? [.. AuditIndexValues.AgenciesOf(decoded)] : [];
            return new FoundEvent(r.GetInt64(0), leaf, r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7), agencies);
        }

        public IndexedAuditLeaf ToIndexedLeaf(IReadOnlyList<string> listedAgencies) =>
            new(Sequence, new AuditIndexValues(OccurredAtTicks, OrganId, Role, Action, DocumentId, Outcome, listedAgencies), Leaf);
    }
}
