using System.Numerics;

namespace DocExchange.Audit.Merkle;

/// <summary>
/// Computes the root of a growing tree in O(log n) memory: it keeps only the hashes of the complete subtrees
/// on the right edge (one per set bit of the size, largest first). The log uses it to find the complete nodes
/// an append creates; the offline verifier uses it to recompute the root of an export of any length.
/// </summary>
public sealed class MerkleTreeBuilder
{
    private const int MaxLevels = 64;
    private readonly byte[] _edge = new byte[MaxLevels * MerkleHasher.HashSize];
    private int _edgeCount;

    /// <summary>Number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>An empty tree.</summary>
    public MerkleTreeBuilder()
    {
    }

    /// <summary>
    /// Resumes a tree of <paramref name="size"/> leaves from the hashes of its right-edge complete subtrees,
    /// largest first (the nodes returned by <see cref="MerkleLog"/> for that size).
    /// </summary>
    public MerkleTreeBuilder(long size, IReadOnlyList<byte[]> rightEdgeHashes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(rightEdgeHashes);
        if (rightEdgeHashes.Count != BitOperations.PopCount((ulong)size))
        {
            throw new ArgumentException($"A tree of size {size} has {BitOperations.PopCount((ulong)size)} right-edge subtrees, not {rightEdgeHashes.Count}.", nameof(rightEdgeHashes));
        }
        foreach (byte[] hash in rightEdgeHashes)
        {
            if (hash is null || hash.Length != MerkleHasher.HashSize)
            {
                throw new ArgumentException("Every right-edge hash must have 32 bytes.", nameof(rightEdgeHashes));
            }
            hash.CopyTo(Slot(_edgeCount++));
        }
        Size = size;
    }

    /// <summary>Appends a leaf by its leaf hash (SHA-256(0x00 || leaf)).</summary>
    public void AppendLeafHash(ReadOnlySpan<byte> leafHash) => Append(leafHash, null);

    /// <summary>Appends a leaf by its bytes.</summary>
    public void AppendLeaf(ReadOnlySpan<byte> leaf)
    {
        Span<byte> hash = stackalloc byte[MerkleHasher.HashSize];
        MerkleHasher.HashLeaf(leaf, hash);
        Append(hash, null);
    }

    /// <summary>Appends a leaf hash and reports to <paramref name="completedNodes"/> every complete node it finishes, the leaf first.</summary>
    internal void Append(ReadOnlySpan<byte> leafHash, List<MerkleNode>? completedNodes)
    {
        if (leafHash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException($"A leaf hash has {MerkleHasher.HashSize} bytes, not {leafHash.Length}.", nameof(leafHash));
        }
        long index = Size;
        leafHash.CopyTo(Slot(_edgeCount++));
        completedNodes?.Add(new MerkleNode(new MerkleNodeId(0, index), leafHash.ToArray()));
        int level = 0;
        // Binary-counter carry: while the new subtree is a right child, merge it with its left sibling.
        while ((index & 1) == 1)
        {
            MerkleHasher.HashNode(Slot(_edgeCount - 2), Slot(_edgeCount - 1), Slot(_edgeCount - 2));
            _edgeCount--;
            index >>= 1;
            level++;
            completedNodes?.Add(new MerkleNode(new MerkleNodeId(level, index), Slot(_edgeCount - 1).ToArray()));
        }
        Size++;
    }

    /// <summary>MTH of the leaves appended so far (RFC 9162 §2.1.1).</summary>
    public byte[] ComputeRoot()
    {
        var root = new byte[MerkleHasher.HashSize];
        ComputeRoot(root);
        return root;
    }

    /// <summary>Writes MTH of the leaves appended so far into <paramref name="destination"/>.</summary>
    public void ComputeRoot(Span<byte> destination)
    {
        if (_edgeCount == 0)
        {
            MerkleHasher.EmptyRoot.CopyTo(destination);
            return;
        }
        Slot(_edgeCount - 1).CopyTo(destination);
        for (int i = _edgeCount - 2; i >= 0; i--)
        {
            MerkleHasher.HashNode(Slot(i), destination, destination);
        }
    }

    private Span<byte> Slot(int i) => _edge.AsSpan(i * MerkleHasher.HashSize, MerkleHasher.HashSize);
}
