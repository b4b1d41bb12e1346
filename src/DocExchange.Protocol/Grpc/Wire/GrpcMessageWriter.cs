using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>Writes one length-prefixed message into a buffer writer (a pipe); the caller flushes.</summary>
public static class GrpcMessageWriter
{
    /// <param name="output">Where the frame goes, typically a <see cref="System.IO.Pipelines.PipeWriter"/>.</param>
    /// <param name="message">The message.</param>
    /// <param name="maxMessageSize">Limit on the serialized size; RESOURCE_EXHAUSTED above it.</param>
    /// <param name="encoding">Compress with this encoding; null or "identity" sends it as is.</param>
    /// <param name="level">Compression level.</param>
    public static void WriteMessage(
        IBufferWriter<byte> output,
        IMessage message,
        int? maxMessageSize = null,
        string? encoding = null,
        CompressionLevel level = CompressionLevel.Fastest)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(new Status(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} vs. {maxMessageSize})."));
        }

        // An empty message goes out uncompressed: gzip of nothing is no bytes at all, which peers such
        // as grpc-js refuse to inflate. The flag may be 0 whatever the grpc-encoding (PROTOCOL-HTTP2.md).
        if (!GrpcCompression.IsCompressing(encoding) || size == 0)
        {
            GrpcFraming.WriteHeader(output.GetSpan(GrpcFraming.HeaderLength), compressed: false, size);
            output.Advance(GrpcFraming.HeaderLength);
            message.WriteTo(output);
            return;
        }

        using var serialized = new PooledBufferWriter(size);
        message.WriteTo(serialized.GetSpan(size)[..size]);
        serialized.Advance(size);
        using var compressed = new PooledBufferWriter((size / 2) + 64);
        GrpcCompression.Compress(encoding!, serialized.WrittenSpan, compressed, level);
        if (compressed.WrittenCount >= size)
        {
            // Incompressible data: sending it as is saves the peer an inflate.
            GrpcFraming.WriteHeader(output.GetSpan(GrpcFraming.HeaderLength), compressed: false, size);
            output.Advance(GrpcFraming.HeaderLength);
            output.Write(serialized.WrittenSpan);
            return;
        }

        GrpcFraming.WriteHeader(output.GetSpan(GrpcFraming.HeaderLength), compressed: true, compressed.WrittenCount);
        output.Advance(GrpcFraming.HeaderLength);
        output.Write(compressed.WrittenSpan);
    }
}
