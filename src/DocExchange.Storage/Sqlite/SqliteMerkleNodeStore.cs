using DocExchange.Audit.Merkle;

namespace DocExchange.Storage.Sqlite;

/// <summary>
/// The Merkle log's nodes in SQLite (table merkle_nodes, size in merkle_tree). An append checks the expected size and
/// writes every node and the new size in one write transaction.
/// </summary>
public sealed class SqliteMerkleNodeStore : IMerkleNodeStore
{
    private readonly SqliteDatabase _db;

    internal SqliteMerkleNodeStore(SqliteDatabase db) => _db = db;

    public async ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken) =>
        await _db.ReadAsync(ReadSizeAsync, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<byte[]>> ReadNodesAsync(IReadOnlyList<MerkleNodeId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return await _db.ReadAsync<IReadOnlyList<byte[]>>(async s =>
        {
            var hashes = new byte[ids.Count][];
            await using var command = s.Command(SqliteSql.SelectMerkleNode, ("$level", 0), ("$index", 0L));
            for (int i = 0; i < ids.Count; i++)
            {
                command.Parameters["$level"].Value = ids[i].Level;
                command.Parameters["$index"].Value = ids[i].Index;
                var hash = await command.ExecuteScalarAsync(s.CancellationToken).ConfigureAwait(false) as byte[];
                if (hash is not { Length: MerkleHasher.HashSize })
                {
                    long size = await ReadSizeAsync(s).ConfigureAwait(false);
                    throw new MerkleStoreCorruptException(hash is null
                        ? $"Merkle node {ids[i]} is missing from the database (tree size {size})."
                        : $"Merkle node {ids[i]} in the database has {hash.Length} bytes, not {MerkleHasher.HashSize}.");
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
            long size = await ReadSizeAsync(s).ConfigureAwait(false);
            if (size != expectedTreeSize)
            {
                throw new MerkleStoreConflictException(expectedTreeSize, size);
            }
            await using var insert = s.Command(SqliteSql.InsertMerkleNode, ("$level", 0), ("$index", 0L), ("$hash", Array.Empty<byte>()));
            foreach (var node in nodes)
            {
                insert.Parameters["$level"].Value = node.Id.Level;
                insert.Parameters["$index"].Value = node.Id.Index;
                insert.Parameters["$hash"].Value = node.Hash;
                await insert.ExecuteNonQueryAsync(s.CancellationToken).ConfigureAwait(false);
            }
            await s.ExecuteAsync(SqliteSql.UpdateTreeSize, ("$size", newTreeSize)).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ReadSizeAsync(SqliteSession s) =>
        (long)(await s.ScalarAsync(SqliteSql.SelectTreeSize).ConfigureAwait(false)
            ?? throw new MerkleStoreCorruptException("The merkle_tree row holding the log's size is missing."));
}
