using System.Buffers;
using System.Buffers.Binary;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>
/// Length-Prefixed-Message (PROTOCOL-HTTP2.md): Compressed-Flag (1 byte, 0 or 1), Message-Length
/// (4 bytes, big-endian), Message.
/// </summary>
public static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>
    /// Slices one complete frame off the front of <paramref name="buffer"/>. Returns false when more bytes
    /// are needed. Throws <see cref="RpcException"/> (RESOURCE_EXHAUSTED) as soon as the header announces a
    /// message above <paramref name="maxMessageSize"/>, and INTERNAL for a flag other than 0 or 1.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            var flag => throw new RpcException(new Status(StatusCode.Internal, $"Invalid message frame: compressed flag is {flag}, expected 0 or 1.")),
        };

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxMessageSize})."));
        }

        if (buffer.Length - HeaderLength < length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    public static void WriteHeader(Span<byte> destination, bool compressed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }
}
