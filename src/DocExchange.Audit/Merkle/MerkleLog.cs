namespace DocExchange.Audit.Merkle;

/// <summary>
/// The append-only RFC 9162 log over an <see cref="IMerkleNodeStore"/>. Roots, inclusion proofs and consistency
/// proofs for any tree size up to the current one read O(log n) stored complete subtrees in one batch.
/// The log keeps no state of its own, so several instances (and processes) may share a store: concurrent
/// appends are serialised here within a process and by the store's size check across processes.
/// </summary>
public sealed class MerkleLog
{
    private readonly IMerkleNodeStore _store;
    private readonly SemaphoreSlim _appendGate = new(1, 1);

    public MerkleLog(IMerkleNodeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>The number of leaves in the log.</summary>
    public ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken) => _store.GetTreeSizeAsync(cancellationToken);

    /// <summary>Appends leaves given by their bytes (hashed as SHA-256(0x00 || leaf)), in order, in one store write.</summary>
    public Task<MerkleAppendResult> AppendLeavesAsync(IReadOnlyList<byte[]> leaves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var hashes = new byte[leaves.Count][];
        for (int i = 0; i < leaves.Count; i++)
        {
            hashes[i] = MerkleHasher.HashLeaf(leaves[i]);
        }
        return AppendLeafHashesAsync(hashes, cancellationToken);
    }

    /// <summary>
    /// Appends leaves given by their leaf hashes, in order: reads the right edge once, computes every new complete
    /// node once, and writes them in one atomic store call.
    /// </summary>
    /// <exception cref="MerkleStoreConflictException">Another process appended meanwhile; nothing was written.</exception>
    public Task<MerkleAppendResult> AppendLeafHashesAsync(IReadOnlyList<byte[]> leafHashes, CancellationToken cancellationToken) =>
        AppendLeafHashesAsync(null, leafHashes, cancellationToken);

    /// <summary>
    /// Appends leaves given by their leaf hashes to a log of exactly <paramref name="expectedTreeSize"/> leaves, so they
    /// land at that index: the caller chose them for it (e.g. events from that sequence on), and must not append them
    /// after leaves another process added since.
    /// </summary>
    /// <exception cref="MerkleStoreConflictException">The log does not have <paramref name="expectedTreeSize"/> leaves (any more); nothing was written.</exception>
    public Task<MerkleAppendResult> AppendLeafHashesAsync(long expectedTreeSize, IReadOnlyList<byte[]> leafHashes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedTreeSize);
        return AppendLeafHashesAsync((long?)expectedTreeSize, leafHashes, cancellationToken);
    }

    private async Task<MerkleAppendResult> AppendLeafHashesAsync(long? expectedTreeSize, IReadOnlyList<byte[]> leafHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        foreach (byte[] hash in leafHashes)
        {
            if (hash is null || hash.Length != MerkleHasher.HashSize)
            {
                throw new ArgumentException($"Every leaf hash must have {MerkleHasher.HashSize} bytes.", nameof(leafHashes));
            }
        }
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long size = await _store.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
            if (expectedTreeSize is { } expected && expected != size)
            {
                throw new MerkleStoreConflictException(expected, size);
            }
            var edgeIds = new List<MerkleNodeId>(64);
            MerkleTreeShape.AppendCompleteSubtrees(0, size, edgeIds);
            var edge = edgeIds.Count == 0 ? [] : await _store.ReadNodesAsync(edgeIds, cancellationToken).ConfigureAwait(false);
            var builder = new MerkleTreeBuilder(size, edge);
            var nodes = new List<MerkleNode>(leafHashes.Count * 2 + 64);
            foreach (byte[] hash in leafHashes)
            {
                builder.Append(hash, nodes);
            }
            if (nodes.Count > 0)
            {
                await _store.AppendAsync(size, builder.Size, nodes, cancellationToken).ConfigureAwait(false);
            }
            return new MerkleAppendResult(size, builder.Size, builder.ComputeRoot());
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <summary>The leaf hash at <paramref name="leafIndex"/>.</summary>
    public async Task<byte[]> GetLeafHashAsync(long leafIndex, CancellationToken cancellationToken)
    {
        await RequireWithinLogAsync(leafIndex + 1, nameof(leafIndex), cancellationToken).ConfigureAwait(false);
        var hashes = await _store.ReadNodesAsync([new MerkleNodeId(0, leafIndex)], cancellationToken).ConfigureAwait(false);
        return hashes[0];
    }

    /// <summary>MTH of the first <paramref name="treeSize"/> leaves (RFC 9162 §2.1.1).</summary>
    public async Task<byte[]> GetRootAsync(long treeSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        await RequireWithinLogAsync(treeSize, nameof(treeSize), cancellationToken).ConfigureAwait(false);
        if (treeSize == 0)
        {
            return MerkleHasher.EmptyRoot.ToArray();
        }
        var hashes = await ComputeRangeHashesAsync([(0, treeSize)], cancellationToken).ConfigureAwait(false);
        return hashes[0];
    }

    /// <summary>PATH(leafIndex, D[0:treeSize]) (RFC 9162 §2.1.3.1).</summary>
    public async Task<InclusionProof> GetInclusionProofAsync(long leafIndex, long treeSize, CancellationToken cancellationToken)
    {
        if (leafIndex < 0 || leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), leafIndex, $"Leaf index must be in [0, {treeSize}) for a tree of size {treeSize}.");
        }
        await RequireWithinLogAsync(treeSize, nameof(treeSize), cancellationToken).ConfigureAwait(false);
        var ranges = MerkleTreeShape.InclusionPathRanges(leafIndex, treeSize);
        var hashes = await ComputeRangeHashesAsync(ranges, cancellationToken).ConfigureAwait(false);
        return new InclusionProof(leafIndex, treeSize, hashes);
    }

    /// <summary>PROOF(firstTreeSize, D[0:secondTreeSize]) (RFC 9162 §2.1.4.1); empty when the sizes are equal or the first is 0.</summary>
    public async Task<ConsistencyProof> GetConsistencyProofAsync(long firstTreeSize, long secondTreeSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstTreeSize);
        if (firstTreeSize > secondTreeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(firstTreeSize), firstTreeSize, $"The first tree size must not exceed the second ({secondTreeSize}).");
        }
        await RequireWithinLogAsync(secondTreeSize, nameof(secondTreeSize), cancellationToken).ConfigureAwait(false);
        var ranges = MerkleTreeShape.ConsistencyProofRanges(firstTreeSize, secondTreeSize);
        var hashes = await ComputeRangeHashesAsync(ranges, cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(firstTreeSize, secondTreeSize, hashes);
    }

    private async Task RequireWithinLogAsync(long treeSize, string parameterName, CancellationToken cancellationToken)
    {
        long size = await _store.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
        if (treeSize > size)
        {
            throw new ArgumentOutOfRangeException(parameterName, treeSize, $"The log has only {size} leaves.");
        }
    }

    /// <summary>MTH of each range, reading all the complete subtrees they need in one batch.</summary>
    private async Task<byte[][]> ComputeRangeHashesAsync(IReadOnlyList<(long Start, long End)> ranges, CancellationToken cancellationToken)
    {
        var ids = new List<MerkleNodeId>(ranges.Count * 2);
        foreach (var (start, end) in ranges)
        {
            MerkleTreeShape.AppendCompleteSubtrees(start, end, ids);
        }
        var nodes = ids.Count == 0 ? [] : await _store.ReadNodesAsync(ids, cancellationToken).ConfigureAwait(false);
        if (nodes.Count != ids.Count)
        {
            throw new MerkleStoreCorruptException($"The node store returned {nodes.Count} hashes for {ids.Count} nodes.");
        }
        var result = new byte[ranges.Count][];
        int next = 0;
        for (int r = 0; r < ranges.Count; r++)
        {
            int pieces = MerkleTreeShape.CompleteSubtreeCount(ranges[r].Start, ranges[r].End);
            var hash = nodes[next + pieces - 1].ToArray();
            for (int i = next + pieces - 2; i >= next; i--)
            {
                MerkleHasher.HashNode(nodes[i], hash, hash);
            }
            next += pieces;
            result[r] = hash;
        }
        return result;
    }
}
