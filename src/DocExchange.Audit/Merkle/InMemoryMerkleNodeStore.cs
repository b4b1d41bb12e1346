namespace DocExchange.Audit.Merkle;

/// <summary>A thread-safe <see cref="IMerkleNodeStore"/> in process memory, for tests, tools and the offline verifier.</summary>
public sealed class InMemoryMerkleNodeStore : IMerkleNodeStore
{
    private readonly Lock _gate = new();
    private readonly List<List<byte[]>> _levels = [];
    private long _size;

    public ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(_size);
        }
    }

    public ValueTask<IReadOnlyList<byte[]>> ReadNodesAsync(IReadOnlyList<MerkleNodeId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        cancellationToken.ThrowIfCancellationRequested();
        var hashes = new byte[ids.Count][];
        lock (_gate)
        {
            for (int i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                if (id.Level < 0 || id.Level >= _levels.Count || id.Index < 0 || id.Index >= _levels[id.Level].Count)
                {
                    throw new MerkleStoreCorruptException($"Merkle node {id} is missing from the store (tree size {_size}).");
                }
                hashes[i] = _levels[id.Level][(int)id.Index];
            }
        }
        return ValueTask.FromResult<IReadOnlyList<byte[]>>(hashes);
    }

    public ValueTask AppendAsync(long expectedTreeSize, long newTreeSize, IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_size != expectedTreeSize)
            {
                throw new MerkleStoreConflictException(expectedTreeSize, _size);
            }
            if (newTreeSize > int.MaxValue)
            {
                throw new InvalidOperationException("The in-memory node store holds at most 2^31 - 1 leaves.");
            }
            // Check every node first so that a bad batch changes nothing.
            Span<long> nextIndex = stackalloc long[64];
            for (int level = 0; level < _levels.Count; level++)
            {
                nextIndex[level] = _levels[level].Count;
            }
            foreach (var node in nodes)
            {
                if (node.Id.Level is < 0 or >= 64 || node.Id.Index != nextIndex[node.Id.Level]
                    || node.Hash is null || node.Hash.Length != MerkleHasher.HashSize)
                {
                    throw new ArgumentException($"Node {node.Id} is not the next node of its level, or its hash is not 32 bytes.", nameof(nodes));
                }
                nextIndex[node.Id.Level]++;
            }
            foreach (var node in nodes)
            {
                while (_levels.Count <= node.Id.Level)
                {
                    _levels.Add([]);
                }
                _levels[node.Id.Level].Add(node.Hash);
            }
            _size = newTreeSize;
        }
        return ValueTask.CompletedTask;
    }
}
