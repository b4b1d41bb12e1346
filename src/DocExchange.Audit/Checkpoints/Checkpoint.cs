using System.Globalization;
using System.Text;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// A tree head: the log's size, its root and when it was taken. Its signed body is the text
/// <c>"docexchange audit checkpoint v1\n" + size + "\n" + base64(root) + "\n" + time + "\n"</c>
/// (size in decimal without leading zeros; base64 with padding; time as in <see cref="AuditTime"/>).
/// </summary>
public sealed record Checkpoint
{
    /// <summary>First line of every version-1 checkpoint body.</summary>
    public const string BodyHeader = "docexchange audit checkpoint v1";

    public Checkpoint(long treeSize, byte[] rootHash, DateTimeOffset time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        ArgumentNullException.ThrowIfNull(rootHash);
        if (rootHash.Length != MerkleHasher.HashSize)
        {
            throw new ArgumentException($"A root hash has {MerkleHasher.HashSize} bytes.", nameof(rootHash));
        }
        TreeSize = treeSize;
        RootHash = rootHash;
        Time = AuditTime.Normalize(time);
    }

    public long TreeSize { get; }

    public byte[] RootHash { get; }

    /// <summary>UTC, truncated to microseconds.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The exact bytes that are signed.</summary>
    public byte[] ToBody() => Encoding.UTF8.GetBytes(
        $"{BodyHeader}\n{TreeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n{AuditTime.ToText(Time)}\n");

    /// <summary>Parses a body; accepts only the one canonical spelling.</summary>
    public static bool TryParseBody(ReadOnlySpan<byte> body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Checkpoint? checkpoint,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        checkpoint = null;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (ArgumentException)
        {
            error = "The checkpoint body is not UTF-8 text.";
            return false;
        }
        string[] lines = text.Split('\n');
        if (lines.Length != 5 || lines[4].Length != 0)
        {
            error = "The checkpoint body must have exactly four lines, each ending with \\n.";
            return false;
        }
        if (lines[0] != BodyHeader)
        {
            error = $"The checkpoint body does not start with \"{BodyHeader}\".";
            return false;
        }
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            error = "The checkpoint tree size is not a non-negative decimal number.";
            return false;
        }
        byte[] root = new byte[MerkleHasher.HashSize];
        if (!Convert.TryFromBase64String(lines[2], root, out int rootLength) || rootLength != MerkleHasher.HashSize)
        {
            error = "The checkpoint root is not the base64 of 32 bytes.";
            return false;
        }
        if (!AuditTime.TryParse(lines[3], out var time))
        {
            error = "The checkpoint time is not in the form 2026-01-31T23:59:59.000000Z.";
            return false;
        }
        var parsed = new Checkpoint(size, root, time);
        if (!body.SequenceEqual(parsed.ToBody()))
        {
            error = "The checkpoint body is not in canonical form (leading zeros or a non-canonical base64 root).";
            return false;
        }
        checkpoint = parsed;
        error = null;
        return true;
    }

    public bool Equals(Checkpoint? other) =>
        other is not null && TreeSize == other.TreeSize && Time == other.Time && RootHash.AsSpan().SequenceEqual(other.RootHash);

    public override int GetHashCode() => HashCode.Combine(TreeSize, Time, RootHash[0]);
}
