using DocExchange.Audit.Merkle;

namespace DocExchange.Storage.Relational;

/// <summary>
/// The Merkle log's nodes (table merkle_nodes, size in merkle_tree), shared by every server instance on the database.
/// An append locks the size row where the engine can (SELECT … FOR UPDATE; SQLite has one writer anyway), checks the
/// expected size and writes every node and the new size in one transaction: of two instances integrating the same
/// events, the second waits, sees the moved size and gets <see cref="MerkleStoreConflictException"/> with nothing written.
/// </summary>
public sealed class RelationalMerkleNodeStore : IMerkleNodeStore
{
    private readonly IRelationalDatabase _db;

    internal RelationalMerkleNodeStore(IRelationalDatabase db) => _db = db;

    public async ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken) =>
        await _db.ReadAsync(s => ReadSizeAsync(s, RelationalSql.SelectTreeSize), cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<byte[]>> ReadNodesAsync(IReadOnlyList<MerkleNodeId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return [];
        return await _db.ReadAsync<IReadOnlyList<byte[]>>(async s =>
        {
            var found = (await _db.Sql.Dialect.ReadMerkleNodesAsync(s, ids).ConfigureAwait(false)).ToDictionary(n => n.Id, n => n.Hash);
            var hashes = new byte[ids.Count][];
            for (int i = 0; i < ids.Count; i++)
            {
                if (!found.TryGetValue(ids[i], out var hash))
                {
                    long size = await ReadSizeAsync(s, RelationalSql.SelectTreeSize).ConfigureAwait(false);
                    throw new MerkleStoreCorruptException($"Merkle node {ids[i]} is missing from the database (tree size {size}).");
                }
                if (hash.Length != MerkleHasher.HashSize)
                {
                    throw new MerkleStoreCorruptException($"Merkle node {ids[i]} in the database has {hash.Length} bytes, not {MerkleHasher.HashSize}.");
                }
                hashes[i] = hash;
            }
            return hashes;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask AppendAsync(long expectedTreeSize, long newTreeSize, IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var node in nodes)
        {
            if (node.Hash is not { Length: MerkleHasher.HashSize })
            {
                throw new ArgumentException($"Node {node.Id} does not have a {MerkleHasher.HashSize}-byte hash.", nameof(nodes));
            }
        }
        await _db.WriteAsync(async s =>
        {
            long size = await ReadSizeAsync(s, _db.Sql.SelectTreeSizeForUpdate).ConfigureAwait(false);
            if (size != expectedTreeSize)
            {
                throw new MerkleStoreConflictException(expectedTreeSize, size);
            }
            var batch = new StatementBatch();
            await _db.Sql.Dialect.InsertMerkleNodesAsync(s, batch, nodes).ConfigureAwait(false);
            batch.Add(RelationalSql.UpdateTreeSize, ("size", newTreeSize));
            await s.RunAsync(batch).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ReadSizeAsync(DbSession s, string sql) =>
        (long)(await s.ScalarAsync(sql).ConfigureAwait(false)
            ?? throw new MerkleStoreCorruptException("The merkle_tree row holding the log's size is missing."));
}
