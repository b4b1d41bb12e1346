using System.Security.Cryptography;

namespace DocExchange.Audit.Tests;

/// <summary>
/// RFC 9162's recursive definitions transcribed literally (§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF/SUBPROOF),
/// slow and obviously correct, written without any of the code under test.
/// </summary>
internal static class NaiveRfc9162
{
    public static byte[] Sha256(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    public static byte[] LeafHash(byte[] leaf) => Sha256([0x00], leaf);

    public static byte[] NodeHash(byte[] left, byte[] right) => Sha256([0x01], left, right);

    // The largest power of two smaller than n.
    private static int K(int n)
    {
        int k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return k;
    }

    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        int n = d.Count;
        if (n == 0)
        {
            return Sha256();
        }
        if (n == 1)
        {
            return LeafHash(d[0]);
        }
        int k = K(n);
        return NodeHash(Mth(d.Take(k).ToList()), Mth(d.Skip(k).ToList()));
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        int n = d.Count;
        if (n == 1)
        {
            return [];
        }
        int k = K(n);
        if (m < k)
        {
            return [.. Path(m, d.Take(k).ToList()), Mth(d.Skip(k).ToList())];
        }
        return [.. Path(m - k, d.Skip(k).ToList()), Mth(d.Take(k).ToList())];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        int n = d.Count;
        if (m == n)
        {
            return b ? [] : [Mth(d)];
        }
        int k = K(n);
        if (m <= k)
        {
            return [.. SubProof(m, d.Take(k).ToList(), b), Mth(d.Skip(k).ToList())];
        }
        return [.. SubProof(m - k, d.Skip(k).ToList(), false), Mth(d.Take(k).ToList())];
    }
}
