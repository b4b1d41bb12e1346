using System.Buffers;
using System.Text;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>Percent-encoding of the grpc-message header (PROTOCOL-HTTP2.md, Status-Message).</summary>
public static class GrpcMessageEncoding
{
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !\"#$&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Encodes every UTF-8 byte outside 0x20-0x7E, and '%', as %XX.</summary>
    public static string Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.AsSpan().ContainsAnyExcept(Plain))
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes %XX sequences and reads the result as UTF-8. Malformed escapes are kept literally and
    /// invalid UTF-8 becomes U+FFFD: the spec says a decoder must not fail or drop the message.
    /// </summary>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('%'))
        {
            return value;
        }

        var bytes = new ArrayBufferWriter<byte>(value.Length);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length
                && TryHex(value[i + 1], out var high) && TryHex(value[i + 2], out var low))
            {
                bytes.Write([(byte)((high << 4) | low)]);
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Write([(byte)c]);
            }
            else
            {
                // A non-ASCII character has no place in a header value; keep it as its UTF-8 bytes.
                Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed);
                var count = rune.EncodeToUtf8(scratch);
                bytes.Write(scratch[..count]);
                i += consumed - 1;
            }
        }

        return Encoding.UTF8.GetString(bytes.WrittenSpan);
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
