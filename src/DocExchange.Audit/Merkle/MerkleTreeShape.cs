using System.Numerics;

namespace DocExchange.Audit.Merkle;

/// <summary>Arithmetic on the shape of RFC 9162 trees: how a range splits into complete subtrees.</summary>
internal static class MerkleTreeShape
{
    /// <summary>The largest power of two strictly smaller than n (n ≥ 2): the split point k of RFC 9162 §2.1.1.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>
    /// Appends the complete subtrees whose right fold gives MTH(D[start:end]), largest first. Valid for every
    /// range the RFC's recursion produces: start is then a multiple of a power of two ≥ end − start.
    /// </summary>
    public static void AppendCompleteSubtrees(long start, long end, List<MerkleNodeId> into)
    {
        long position = start;
        while (position < end)
        {
            int level = 63 - BitOperations.LeadingZeroCount((ulong)(end - position));
            into.Add(new MerkleNodeId(level, position >> level));
            position += 1L << level;
        }
    }

    /// <summary>Number of complete subtrees in MTH(D[start:end]) (one per set bit of the length).</summary>
    public static int CompleteSubtreeCount(long start, long end) => BitOperations.PopCount((ulong)(end - start));

    /// <summary>The ranges whose MTH form PATH(m, D[0:n]) (RFC 9162 §2.1.3.1), bottom to top.</summary>
    public static List<(long Start, long End)> InclusionPathRanges(long leafIndex, long treeSize)
    {
        var topDown = new List<(long, long)>(64);
        long start = 0, end = treeSize;
        while (end - start > 1)
        {
            long k = SplitPoint(end - start);
            if (leafIndex - start < k)
            {
                topDown.Add((start + k, end));
                end = start + k;
            }
            else
            {
                topDown.Add((start, start + k));
                start += k;
            }
        }
        topDown.Reverse();
        return topDown;
    }

    /// <summary>The ranges whose MTH form PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) (RFC 9162 §2.1.4.1), in proof order.</summary>
    public static List<(long Start, long End)> ConsistencyProofRanges(long firstSize, long secondSize)
    {
        var topDown = new List<(long, long)>(64);
        if (firstSize == 0 || firstSize == secondSize)
        {
            return topDown;
        }
        long start = 0, end = secondSize;
        bool startFromOldRoot = true;
        while (true)
        {
            if (firstSize == end)
            {
                if (!startFromOldRoot)
                {
                    topDown.Add((start, end));
                }
                break;
            }
            long k = SplitPoint(end - start);
            if (firstSize - start <= k)
            {
                topDown.Add((start + k, end));
                end = start + k;
            }
            else
            {
                topDown.Add((start, start + k));
                start += k;
                startFromOldRoot = false;
            }
        }
        topDown.Reverse();
        return topDown;
    }

    /// <summary>Length of a valid inclusion proof (as in transparency-dev/merkle's decomposition).</summary>
    public static int InclusionProofLength(long leafIndex, long treeSize)
    {
        int inner = InnerProofLength(leafIndex, treeSize);
        int border = BitOperations.PopCount((ulong)leafIndex >> inner);
        return inner + border;
    }

    /// <summary>Length of a valid consistency proof for 0 &lt; first &lt; second.</summary>
    public static int ConsistencyProofLength(long firstSize, long secondSize)
    {
        int inner = InnerProofLength(firstSize - 1, secondSize);
        int border = BitOperations.PopCount((ulong)(firstSize - 1) >> inner);
        int shift = BitOperations.TrailingZeroCount(firstSize);
        bool firstIsCompleteSubtree = firstSize == 1L << shift;
        return (firstIsCompleteSubtree ? 0 : 1) + (inner - shift) + border;
    }

    private static int InnerProofLength(long index, long size) =>
        64 - BitOperations.LeadingZeroCount((ulong)(index ^ (size - 1)));
}
