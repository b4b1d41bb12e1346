namespace DocExchange.Audit.Merkle;

/// <summary>
/// Persistence of a Merkle log: its size and the hashes of its complete subtrees (leaf hashes are level 0).
/// A node, once written, never changes. Implementations must make <see cref="AppendAsync"/> atomic.
/// </summary>
public interface IMerkleNodeStore
{
    /// <summary>The number of leaves in the log.</summary>
    ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads the hashes of <paramref name="ids"/>, in the same order (duplicates allowed). Every id asked for
    /// is a complete node of the current tree; a missing one is corruption and must throw
    /// <see cref="MerkleStoreCorruptException"/>.
    /// </summary>
    ValueTask<IReadOnlyList<byte[]>> ReadNodesAsync(IReadOnlyList<MerkleNodeId> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically writes <paramref name="nodes"/> (all new) and moves the size from <paramref name="expectedTreeSize"/>
    /// to <paramref name="newTreeSize"/>. If the stored size is not <paramref name="expectedTreeSize"/> (another writer
    /// appended first), writes nothing and throws <see cref="MerkleStoreConflictException"/>.
    /// </summary>
    ValueTask AppendAsync(long expectedTreeSize, long newTreeSize, IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken);
}
