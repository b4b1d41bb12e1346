using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

internal static class TestData
{
    /// <summary>Distinct leaves of varied lengths (including empty).</summary>
    public static List<byte[]> Leaves(int count, int seed = 1)
    {
        var random = new Random(seed);
        var leaves = new List<byte[]>(count);
        for (int i = 0; i < count; i++)
        {
            var leaf = new byte[random.Next(0, 40) + 8];
            random.NextBytes(leaf);
            BitConverter.TryWriteBytes(leaf, i);
            leaves.Add(i == 0 ? [] : leaf);
        }
        return leaves;
    }

    public static async Task<MerkleLog> LogOfAsync(IReadOnlyList<byte[]> leaves)
    {
        var log = new MerkleLog(new InMemoryMerkleNodeStore());
        await log.AppendLeavesAsync(leaves, CancellationToken.None);
        return log;
    }

    public static byte[] FlipBit(byte[] bytes, int bit)
    {
        var copy = bytes.ToArray();
        copy[bit / 8 % copy.Length] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    public static List<byte[]> WithElement(IReadOnlyList<byte[]> hashes, int index, byte[] replacement)
    {
        var copy = hashes.ToList();
        copy[index] = replacement;
        return copy;
    }
}
