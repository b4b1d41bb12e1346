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
    private const string InsertMerkleNode = "INSERT INTO merkle_nodes (level, node_index, hash) VALUES (@level, @index, @hash)";

    public override string ForUpdate => "";

    public override string InList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public override object ListValue(IReadOnlyCollection<string> values) => JsonSerializer.Serialize(values);

    // Contiguous and 0-based: SQLite has one writer and this runs in its transaction.
    public override string NextAuditSequence => "SELECT COALESCE(MAX(sequence) + 1, 0) FROM audit_events";

    public override List<long> DrawAuditSequence(StatementBatch batch) => batch.Query(NextAuditSequence, r => r.GetInt64(0));

    // Subscribers are in this process and woken by the in-process notifier.
    public override void Notify(StatementBatch batch, IReadOnlyCollection<string> channels) { }

    public override string? LockCheckpoints => null;

    public override async Task<IReadOnlyList<MerkleNode>> ReadMerkleNodesAsync(DbSession session, IReadOnlyList<MerkleNodeId> ids)
    {
        var batch = new StatementBatch();
        var found = new List<MerkleNode>(ids.Count);
        foreach (var id in ids)
        {
            batch.Query(SelectMerkleNode, r => { found.Add(new MerkleNode(id, (byte[])r.GetValue(0))); return 0; }, ("level", id.Level), ("index", id.Index));
        }
        await session.RunAsync(batch).ConfigureAwait(false);
        return found;
    }

    public override void InsertMerkleNodes(StatementBatch batch, IReadOnlyList<MerkleNode> nodes)
    {
        foreach (var node in nodes)
        {
            batch.Add(InsertMerkleNode, ("level", node.Id.Level), ("index", node.Id.Index), ("hash", node.Hash));
        }
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
