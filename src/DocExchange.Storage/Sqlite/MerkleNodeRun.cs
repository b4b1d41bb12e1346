using DocExchange.Audit.Merkle;

namespace DocExchange.Storage.Sqlite;

/// <summary>Nodes of one level with consecutive indexes, their hashes concatenated in index order.</summary>
internal sealed record MerkleNodeRun(int Level, long FirstIndex, int Count, byte[] Hashes)
{
    /// <summary>
    /// Cuts <paramref name="unordered"/> into runs of at most <paramref name="maxCount"/> nodes. A log appends its
    /// nodes level by level interleaved, each level's in index order; they are taken level by level, keeping that order.
    /// </summary>
    public static List<MerkleNodeRun> Split(IReadOnlyList<MerkleNode> unordered, int maxCount)
    {
        var nodes = unordered.GroupBy(node => node.Id.Level).OrderBy(level => level.Key).SelectMany(level => level).ToArray();
        var runs = new List<MerkleNodeRun>();
        for (var start = 0; start < nodes.Length;)
        {
            var end = start + 1;
            while (end < nodes.Length && end - start < maxCount
                && nodes[end].Id.Level == nodes[start].Id.Level && nodes[end].Id.Index == nodes[end - 1].Id.Index + 1)
            {
                end++;
            }
            var hashes = new byte[(end - start) * MerkleHasher.HashSize];
            for (var i = start; i < end; i++)
            {
                nodes[i].Hash.CopyTo(hashes, (i - start) * MerkleHasher.HashSize);
            }
            runs.Add(new MerkleNodeRun(nodes[start].Id.Level, nodes[start].Id.Index, end - start, hashes));
            start = end;
        }
        return runs;
    }
}
