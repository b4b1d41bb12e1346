using System.Buffers;
using System.Security.Cryptography;

namespace DocExchange.Audit.Merkle;

/// <summary>RFC 9162 §2.1.1 hashing with SHA-256: leaf and interior node hashes with domain-separating prefixes.</summary>
public static class MerkleHasher
{
    /// <summary>Size in bytes of every hash in the log.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLeafLimit = 1024;

    private static readonly byte[] EmptyRootHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>MTH({}) = SHA-256 of the empty string (RFC 9162 §2.1.1).</summary>
    public static ReadOnlySpan<byte> EmptyRoot => EmptyRootHash;

    /// <summary>SHA-256(0x00 || leaf).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var hash = new byte[HashSize];
        HashLeaf(leaf, hash);
        return hash;
    }

    /// <summary>Writes SHA-256(0x00 || leaf) into <paramref name="destination"/> (32 bytes).</summary>
    public static void HashLeaf(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        int length = leaf.Length + 1;
        byte[]? rented = null;
        Span<byte> input = length <= StackLeafLimit
            ? stackalloc byte[StackLeafLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            input[0] = LeafPrefix;
            leaf.CopyTo(input[1..]);
            SHA256.HashData(input[..length], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        HashNode(left, right, hash);
        return hash;
    }

    /// <summary>Writes SHA-256(0x01 || left || right) into <paramref name="destination"/>; it may overlap the inputs.</summary>
    public static void HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + 2 * HashSize];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + HashSize)..]);
        SHA256.HashData(input, destination);
    }
}
