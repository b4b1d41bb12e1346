using System.Buffers;
using System.IO.Compression;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>Message compression (grpc/grpc doc/compression.md): identity and gzip.</summary>
public static class GrpcCompression
{
    public const string Identity = "identity";
    public const string Gzip = "gzip";

    /// <summary>The grpc-accept-encoding value we send: every encoding we can read.</summary>
    public const string AcceptEncodingValue = "identity,gzip";

    public static bool IsSupported(string? encoding) => encoding is null or Identity or Gzip;

    /// <summary>True when the encoding actually compresses (not null or identity).</summary>
    public static bool IsCompressing(string? encoding) => encoding is not null and not Identity;

    /// <summary>True when a grpc-accept-encoding header value lists <paramref name="encoding"/>.</summary>
    public static bool Accepts(string? acceptEncoding, string encoding)
    {
        if (string.IsNullOrEmpty(acceptEncoding))
        {
            return false;
        }

        foreach (var range in acceptEncoding.AsSpan().Split(','))
        {
            if (acceptEncoding.AsSpan(range).Trim().Equals(encoding, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal static void Compress(string encoding, ReadOnlySpan<byte> data, IBufferWriter<byte> output, CompressionLevel level)
    {
        if (encoding != Gzip)
        {
            throw new NotSupportedException($"Compression '{encoding}' is not supported.");
        }

        using var gzip = new GZipStream(new BufferWriterStream(output), level, leaveOpen: false);
        gzip.Write(data);
    }

    /// <summary>
    /// Inflates a compressed message into a pooled buffer, stopping as soon as the output would exceed
    /// <paramref name="maxSize"/> so a small gzip bomb cannot make us allocate its whole expansion.
    /// </summary>
    internal static PooledBufferWriter Decompress(string encoding, ReadOnlySequence<byte> payload, int maxSize)
    {
        if (encoding != Gzip)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"Message compression '{encoding}' is not supported."));
        }

        var output = new PooledBufferWriter((int)Math.Min(maxSize, Math.Max(256, payload.Length * 4)));
        try
        {
            using var gzip = new GZipStream(new ReadOnlySequenceStream(payload), CompressionMode.Decompress);
            while (true)
            {
                var room = maxSize - output.WrittenCount + 1;
                var span = output.GetSpan(Math.Min(room, 16 * 1024));
                var read = gzip.Read(span[..Math.Min(span.Length, room)]);
                if (read == 0)
                {
                    return output;
                }

                output.Advance(read);
                if (output.WrittenCount > maxSize)
                {
                    throw new RpcException(new Status(
                        StatusCode.ResourceExhausted,
                        $"Received message exceeds the maximum size of {maxSize} bytes once decompressed."));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            output.Dispose();
            throw new RpcException(new Status(StatusCode.Internal, $"Could not decompress a '{encoding}' message: {ex.Message}", ex));
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }
}
