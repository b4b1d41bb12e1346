using System.Collections;
using DocExchange.Audit.Merkle;

namespace DocExchange.Benchmarks;

/// <summary>
/// A large log (10M leaves) computed in bulk, for the proof benchmarks: every complete subtree's hash, level by level
/// (random leaf hashes, then each level from the one below), which is what <see cref="MerkleLog"/> stores. Appending
/// leaf by leaf through <see cref="MerkleLog"/> gives the same nodes but takes minutes at this size. Built once and
/// loaded into each store; the proofs then read the nodes back through the store as the Audit service does.
/// </summary>
internal sealed class MerkleLevels
{
    private MerkleLevels(long size, byte[][] levels, byte[] root)
    {
        Size = size;
        Levels = levels;
        Root = root;
    }

    public long Size { get; }

    /// <summary>Level 0 (leaf hashes) first; each a flat array of 32-byte hashes in index order.</summary>
    public IReadOnlyList<byte[]> Levels { get; }

    /// <summary>The root as the audit library's own streaming builder computes it from the leaf hashes alone.</summary>
    public byte[] Root { get; }

    /// <summary>The stored nodes, level 0 first and each level in index order (the store's key order).</summary>
    public IReadOnlyList<MerkleNode> Nodes => new LevelNodes(Levels);

    public static async Task<MerkleLevels> BuildAsync(long size, int seed)
    {
        var leaves = new byte[checked((int)(size * MerkleHasher.HashSize))];
        new Random(seed).NextBytes(leaves);
        // The cross-check runs on the other core while this one hashes the levels.
        var root = Task.Run(() => BuilderRoot(leaves));
        var levels = new List<byte[]> { leaves };
        for (var below = leaves; below.Length >= 2 * MerkleHasher.HashSize;)
        {
            below = HashLevel(below);
            levels.Add(below);
        }
        return new MerkleLevels(size, [.. levels], await root);
    }

    /// <summary>
    /// Checks that <paramref name="log"/> holds this tree: its root, read through its store as the proofs are, equals the
    /// root the library's builder computed from the leaves, so the level arrays and their layout are the ones MerkleLog reads.
    /// </summary>
    public async Task VerifyAsync(MerkleLog log)
    {
        byte[] stored = await log.GetRootAsync(Size, CancellationToken.None);
        if (!Root.AsSpan().SequenceEqual(stored))
        {
            throw new InvalidOperationException("The bulk-built tree's root differs from the root of its leaves.");
        }
    }

    /// <summary>The complete nodes one level up, from each pair of the level below.</summary>
    private static byte[] HashLevel(byte[] below)
    {
        const int size = MerkleHasher.HashSize;
        var above = new byte[below.Length / (2 * size) * size];
        for (int at = 0; at < above.Length; at += size)
        {
            MerkleHasher.HashNode(below.AsSpan(2 * at, size), below.AsSpan(2 * at + size, size), above.AsSpan(at, size));
        }
        return above;
    }

    private static byte[] BuilderRoot(byte[] leafHashes)
    {
        var builder = new MerkleTreeBuilder();
        for (int at = 0; at < leafHashes.Length; at += MerkleHasher.HashSize)
        {
            builder.AppendLeafHash(leafHashes.AsSpan(at, MerkleHasher.HashSize));
        }
        return builder.ComputeRoot();
    }

    /// <summary>The nodes of flat level arrays, level 0 first, made on demand (no list of 20M nodes in memory).</summary>
    private sealed class LevelNodes(IReadOnlyList<byte[]> levels) : IReadOnlyList<MerkleNode>
    {
        public int Count { get; } = levels.Sum(l => l.Length / MerkleHasher.HashSize);

        public MerkleNode this[int index]
        {
            get
            {
                for (int level = 0; level < levels.Count; level++)
                {
                    int count = levels[level].Length / MerkleHasher.HashSize;
                    if (index < count)
                    {
                        return Node(level, index);
                    }
                    index -= count;
                }
                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }

        public IEnumerator<MerkleNode> GetEnumerator()
        {
            for (int level = 0; level < levels.Count; level++)
            {
                for (int i = 0; i < levels[level].Length / MerkleHasher.HashSize; i++)
                {
                    yield return Node(level, i);
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private MerkleNode Node(int level, int index) =>
            new(new MerkleNodeId(level, index), levels[level].AsSpan(index * MerkleHasher.HashSize, MerkleHasher.HashSize).ToArray());
    }
}
