using System.Data.Common;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;
using DocExchange.Storage.Relational;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of the shared SQL: lists travel as arrays, rows can be locked, the audit sequence is drawn from
/// the counter row under the commit-order lock (see <see cref="PostgresSql.LockCommitOrder"/>) and read back by the
/// event's insert in the same round trip, which also commits, and commits NOTIFY the other instances' listeners.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    public override string ForUpdate => "FOR UPDATE";

    public override string InList(string column, string parameter) => $"{column} = ANY(CAST(@{parameter} AS text[]))";

    public override object ListValue(IReadOnlyCollection<string> values) => values as string[] ?? values.ToArray();

    public override string NextAuditSequence => PostgresSql.NextAuditSequence;

    public override List<long> DrawAuditSequence(StatementBatch batch)
    {
        batch.Discard(PostgresSql.LockCommitOrder);
        return batch.Query(PostgresSql.DrawAuditSequence, r => r.GetInt64(0));
    }

    public override DrawnAuditEventSql DrawnAuditEvent { get; } =
        new(PostgresSql.InsertDrawnAuditEvent, PostgresSql.InsertDrawnAuditEventAgency);

    public override bool CommitsWithLastBatch => true;

    public override bool IsDuplicateKey(DbException exception, string table) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } e && e.TableName == table;

    public override void Notify(StatementBatch batch, IReadOnlyCollection<string> channels) =>
        batch.Discard(PostgresSql.Notify, ("channels", ListValue(channels)));

    public override string? LockCheckpoints => PostgresSql.LockCheckpoints;

    public override async Task<IReadOnlyList<MerkleNode>> ReadMerkleNodesAsync(DbSession session, IReadOnlyList<MerkleNodeId> ids)
    {
        var distinct = ids.Distinct().ToArray();
        return await session.QueryAsync(PostgresSql.SelectMerkleNodes,
            r => new MerkleNode(new MerkleNodeId(r.GetInt32(0), r.GetInt64(1)), (byte[])r.GetValue(2)),
            ("levels", distinct.Select(id => id.Level).ToArray()),
            ("indexes", distinct.Select(id => id.Index).ToArray())).ConfigureAwait(false);
    }

    public override Task InsertMerkleNodesAsync(DbSession session, StatementBatch batch, IReadOnlyList<MerkleNode> nodes)
    {
        batch.Add(PostgresSql.InsertMerkleNodes,
            ("levels", nodes.Select(n => n.Id.Level).ToArray()),
            ("indexes", nodes.Select(n => n.Id.Index).ToArray()),
            ("hashes", nodes.Select(n => n.Hash).ToArray()));
        return Task.CompletedTask;
    }

    public override Task StoreContentsAsync(DbSession session, StatementBatch batch, IReadOnlyList<InlineContent> contents)
    {
        foreach (var content in contents)
        {
            batch.Add(PostgresSql.InsertContent, ("sha256", content.Sha256.Hex), ("content", content.Bytes));
        }
        return Task.CompletedTask;
    }

    public override async Task<PooledContentStream?> ReadContentAsync(DbSession session, Sha256Digest sha256)
    {
        PooledContentStream? stream = null;
        try
        {
            await session.QueryAsync(PostgresSql.SelectContent, r =>
            {
                var length = checked((int)r.GetBytes(0, 0, null, 0, 0));
                stream = PooledContentStream.Read(length, buffer => r.GetBytes(0, 0, buffer, 0, length));
                return 0;
            }, ("sha256", sha256.Hex)).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            stream?.Dispose();
            throw;
        }
    }
}
