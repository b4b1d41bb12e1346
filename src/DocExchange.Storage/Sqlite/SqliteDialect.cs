using System.Data.Common;
using System.Text.Json;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;
using DocExchange.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// SQLite's side of the shared SQL: lists travel as JSON arrays (read with json_each), and there is one writer at a
/// time (see <see cref="SqliteDatabase"/>), so the audit sequence is simply the next one and nothing needs a lock.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const string SelectMerkleNode = "SELECT hash FROM merkle_nodes WHERE level = @level AND node_index = @index";
    private static readonly string InsertMerkleNodeRun = $"""
        INSERT INTO merkle_nodes (level, node_index, hash)
        WITH RECURSIVE run(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM run WHERE i + 1 < @count)
        SELECT @level, @first + i, substr(@hashes, i * {MerkleHasher.HashSize} + 1, {MerkleHasher.HashSize}) FROM run
        """;

    public override string ForUpdate => "";

    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public override object ListValue(IReadOnlyCollection<string> values) => JsonSerializer.Serialize(values);

    // Contiguous and 0-based: SQLite has one writer and this runs in its transaction.
    public override string NextAuditSequence => "SELECT COALESCE(MAX(sequence) + 1, 0) FROM audit_events";

    public override List<long> DrawAuditSequence(StatementBatch batch) => batch.Query(NextAuditSequence, r => r.GetInt64(0));

    // Subscribers are in this process and woken by the in-process notifier.
    public override void Notify(StatementBatch batch, IReadOnlyCollection<string> channels) { }

    public override string? LockCheckpoints => null;

    public override async Task<IReadOnlyList<MerkleNode>> ReadMerkleNodesAsync(DbSession session, IReadOnlyList<MerkleNodeId> ids) =>
        await session.QueryEachAsync(SelectMerkleNode, ids, BindNodeId, static (id, r) => new MerkleNode(id, (byte[])r.GetValue(0)), "level", "index")
            .ConfigureAwait(false);

    // A log's append adds runs of nodes with consecutive indexes on each level. Each run goes in as one statement,
    // its hashes bound as one blob and cut by SQLite: a statement run costs far more than a row it inserts, and
    // Microsoft.Data.Sqlite looks each bound parameter up by name, so rows of many parameters each cost more still.
    public override async Task InsertMerkleNodesAsync(DbSession session, StatementBatch batch, IReadOnlyList<MerkleNode> nodes) =>
        await session.ExecuteEachAsync(InsertMerkleNodeRun, MerkleNodeRun.Split(nodes, MaxNodesPerRun), static (run, p) =>
        {
            p[0].Value = run.Level;
            p[1].Value = run.FirstIndex;
            p[2].Value = run.Count;
            p[3].Value = run.Hashes;
        }, "level", "first", "count", "hashes").ConfigureAwait(false);

    // 32 KiB of hashes at most per statement: stays off the large object heap.
    private const int MaxNodesPerRun = 1024;

    private static void BindNodeId(MerkleNodeId id, DbParameterCollection parameters)
    {
        parameters[0].Value = id.Level;
        parameters[1].Value = id.Index;
    }

    public override async Task StoreContentsAsync(DbSession session, StatementBatch batch, IReadOnlyList<InlineContent> contents)
    {
        foreach (var content in contents)
        {
            var rowId = await session.ScalarAsync(SqliteSql.InsertContent, ("sha256", content.Sha256.Hex), ("size", content.Bytes.Length))
                .ConfigureAwait(false);
            if (rowId is not long stored) continue; // stored already: content-addressed, so the same bytes
            using var blob = new SqliteBlob((SqliteConnection)session.Connection, SqliteSql.ContentsTable, SqliteSql.ContentColumn, stored);
            blob.Write(content.Bytes.Span);
        }
    }

    public override async Task<PooledContentStream?> ReadContentAsync(DbSession session, Sha256Digest sha256)
    {
        var found = await session.QueryAsync(SqliteSql.SelectContent, r => (RowId: r.GetInt64(0), Length: r.GetInt32(1)), ("sha256", sha256.Hex))
            .ConfigureAwait(false);
        if (found is not [var row]) return null;
        using var blob = new SqliteBlob((SqliteConnection)session.Connection, SqliteSql.ContentsTable, SqliteSql.ContentColumn, row.RowId, readOnly: true);
        return PooledContentStream.Read(row.Length, buffer => blob.ReadExactly(buffer, 0, row.Length));
    }
}
