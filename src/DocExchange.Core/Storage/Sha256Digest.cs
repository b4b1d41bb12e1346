using System.Diagnostics.CodeAnalysis;

namespace DocExchange.Core.Storage;

/// <summary>A SHA-256 digest; its lowercase hex form names a blob.</summary>
public readonly struct Sha256Digest : IEquatable<Sha256Digest>
{
    public const int ByteLength = 32;

    private readonly string? _hex;

    private Sha256Digest(string hex) => _hex = hex;

    /// <summary>64 lowercase hex characters.</summary>
    public string Hex => _hex ?? string.Empty;

    public byte[] ToByteArray() => Convert.FromHexString(Hex);

    public static Sha256Digest FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == ByteLength
            ? new Sha256Digest(Convert.ToHexStringLower(bytes))
            : throw new ArgumentException($"a SHA-256 digest is {ByteLength} bytes, not {bytes.Length}", nameof(bytes));

    public static bool TryParseHex(string? hex, [NotNullWhen(true)] out Sha256Digest? digest)
    {
        digest = null;
        if (hex is null || hex.Length != ByteLength * 2) return false;
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        digest = new Sha256Digest(hex);
        return true;
    }

    public static Sha256Digest ParseHex(string hex) =>
        TryParseHex(hex, out var digest) ? digest.Value : throw new FormatException($"'{hex}' is not a lowercase hex SHA-256 digest");

    public bool Equals(Sha256Digest other) => string.Equals(Hex, other.Hex, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is Sha256Digest other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hex);

    public override string ToString() => Hex;

    public static bool operator ==(Sha256Digest left, Sha256Digest right) => left.Equals(right);

    public static bool operator !=(Sha256Digest left, Sha256Digest right) => !left.Equals(right);
}
