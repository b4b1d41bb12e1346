using DocExchange.Audit.Merkle;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// The Merkle log's nodes in PostgreSQL (table merkle_nodes, size in merkle_tree), shared by every server instance.
/// An append locks the size row (SELECT … FOR UPDATE), checks the expected size and writes every node and the new size
/// in one transaction: of two instances integrating the same events, the second waits, sees the moved size and
/// gets <see cref="MerkleStoreConflictException"/> with nothing written.
/// </summary>
public sealed class PostgresMerkleNodeStore : IMerkleNodeStore
{
    private readonly PostgresDatabase _db;

    internal PostgresMerkleNodeStore(PostgresDatabase db) => _db = db;

    public async ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken) =>
        await _db.ReadAsync(s => ReadSizeAsync(s, PostgresSql.SelectTreeSize), cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<byte[]>> ReadNodesAsync(IReadOnlyList<MerkleNodeId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return [];
        return await _db.ReadAsync<IReadOnlyList<byte[]>>(async s =>
        {
            var distinct = ids.Distinct().ToArray();
            var rows = await s.QueryAsync(PostgresSql.SelectMerkleNodes,
                r => (Id: new MerkleNodeId(r.GetInt32(0), r.GetInt64(1)), Hash: r.GetFieldValue<byte[]>(2)),
                ("levels", distinct.Select(id => id.Level).ToArray()),
                ("indexes", distinct.Select(id => id.Index).ToArray())).ConfigureAwait(false);
            var found = rows.ToDictionary(r => r.Id, r => r.Hash);
            var hashes = new byte[ids.Count][];
            for (int i = 0; i < ids.Count; i++)
            {
                if (!found.TryGetValue(ids[i], out var hash))
                {
                    long size = await ReadSizeAsync(s, PostgresSql.SelectTreeSize).ConfigureAwait(false);
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
            long size = await ReadSizeAsync(s, PostgresSql.SelectTreeSizeForUpdate).ConfigureAwait(false);
            if (size != expectedTreeSize)
            {
                throw new MerkleStoreConflictException(expectedTreeSize, size);
            }
            await s.BatchAsync(
                [
                    new(PostgresSql.InsertMerkleNodes,
                        ("levels", nodes.Select(n => n.Id.Level).ToArray()),
                        ("indexes", nodes.Select(n => n.Id.Index).ToArray()),
                        ("hashes", nodes.Select(n => n.Hash).ToArray())),
                    new(PostgresSql.UpdateTreeSize, ("size", newTreeSize)),
                ],
                (_, _) => Task.FromResult(0)).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ReadSizeAsync(PostgresSession s, string sql) =>
        (long)(await s.ScalarAsync(sql).ConfigureAwait(false)
            ?? throw new MerkleStoreCorruptException("The merkle_tree row holding the log's size is missing."));
}
