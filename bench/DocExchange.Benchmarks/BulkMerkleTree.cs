using System.Collections;
using System.Security.Cryptography;
using DocExchange.Audit.Merkle;

namespace DocExchange.Benchmarks;

/// <summary>
/// Builds a large log (10M leaves) in one store append: every complete subtree's hash, level by level (leaf hashes,
/// then each level from the one below), which is what <see cref="MerkleLog"/> stores, written in key order. Appending
/// leaf by leaf through <see cref="MerkleLog"/> gives the same nodes but takes minutes at this size; the proofs read them
/// back through the store as the Audit service does.
/// </summary>
internal static class BulkMerkleTree
{
    public static async Task FillAsync(IMerkleNodeStore store, long size, int seed)
    {
        if (await store.GetTreeSizeAsync(CancellationToken.None) != 0)
        {
            throw new InvalidOperationException("A bulk-built tree starts from an empty store.");
        }
        var levels = new List<byte[]> { RandomLeafHashes(size, seed) };
        for (var below = levels[0]; below.Length >= 2 * MerkleHasher.HashSize;)
        {
            var above = new byte[below.Length / (2 * MerkleHasher.HashSize) * MerkleHasher.HashSize];
            for (int i = 0, at = 0; at < above.Length; i += 2 * MerkleHasher.HashSize, at += MerkleHasher.HashSize)
            {
                MerkleHasher.HashNode(below.AsSpan(i, MerkleHasher.HashSize), below.AsSpan(i + MerkleHasher.HashSize, MerkleHasher.HashSize),
                    above.AsSpan(at, MerkleHasher.HashSize));
            }
            levels.Add(above);
            below = above;
        }
        await store.AppendAsync(0, size, new LevelNodes(levels), CancellationToken.None);

        // An independent check that the layout is the one MerkleLog reads: the streaming builder's root over the leaves.
        byte[] stored = await new MerkleLog(store).GetRootAsync(size, CancellationToken.None);
        if (!RootOf(levels[0]).AsSpan().SequenceEqual(stored))
        {
            throw new InvalidOperationException("The bulk-built tree's root differs from the root of its leaves.");
        }
    }

    private static byte[] RootOf(byte[] leafHashes)
    {
        var builder = new MerkleTreeBuilder();
        for (int at = 0; at < leafHashes.Length; at += MerkleHasher.HashSize)
        {
            builder.AppendLeafHash(leafHashes.AsSpan(at, MerkleHasher.HashSize));
        }
        return builder.ComputeRoot();
    }

    private static byte[] RandomLeafHashes(long size, int seed)
    {
        var random = new Random(seed);
        var leaf = new byte[64];
        var hashes = new byte[checked((int)(size * MerkleHasher.HashSize))];
        for (long i = 0; i < size; i++)
        {
            random.NextBytes(leaf);
            SHA256.HashData(leaf, hashes.AsSpan((int)(i * MerkleHasher.HashSize), MerkleHasher.HashSize));
        }
        return hashes;
    }

    /// <summary>The nodes of flat level arrays, level 0 first, made on demand (no list of 20M nodes in memory).</summary>
    private sealed class LevelNodes(List<byte[]> levels) : IReadOnlyList<MerkleNode>
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
