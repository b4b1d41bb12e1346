using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>
/// Reads length-prefixed messages from a pipe as they arrive. Uncompressed messages are parsed straight
/// from the pipe's pooled buffers; compressed ones are inflated into a pooled buffer first.
/// </summary>
public sealed class GrpcMessageReader
{
    private readonly PipeReader _reader;
    private readonly int _maxMessageSize;
    private readonly string? _encoding;
    private bool _completed;

    /// <param name="reader">The body to read.</param>
    /// <param name="maxMessageSize">Limit for a message, before and after decompression.</param>
    /// <param name="encoding">The stream's grpc-encoding; null or "identity" means none.</param>
    public GrpcMessageReader(PipeReader reader, int maxMessageSize, string? encoding)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessageSize);
        _reader = reader;
        _maxMessageSize = maxMessageSize;
        _encoding = encoding;
    }

    /// <summary>
    /// The next message, or null at a clean end of stream. Throws <see cref="RpcException"/> for a frame
    /// cut short (INTERNAL), too large (RESOURCE_EXHAUSTED) or not parseable (INTERNAL).
    /// </summary>
    public async ValueTask<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        if (_completed)
        {
            return null;
        }

        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The read was cancelled.");
            }

            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = result.Buffer.End;
            try
            {
                if (GrpcFraming.TryReadFrame(ref buffer, _maxMessageSize, out var compressed, out var payload))
                {
                    // Only this frame is examined: the next read must not wait for new data while
                    // further frames are already buffered.
                    consumed = buffer.Start;
                    examined = consumed;
                    return Parse(parser, compressed, payload);
                }

                if (result.IsCompleted)
                {
                    _completed = true;
                    consumed = buffer.End;
                    if (buffer.IsEmpty)
                    {
                        return null;
                    }

                    throw new RpcException(new Status(
                        StatusCode.Internal,
                        $"Incomplete message: the stream ended {buffer.Length} bytes into a message frame."));
                }
            }
            finally
            {
                _reader.AdvanceTo(consumed, examined);
            }
        }
    }

    private T Parse<T>(MessageParser<T> parser, bool compressed, ReadOnlySequence<byte> payload)
        where T : class, IMessage<T>
    {
        if (!compressed)
        {
            return ParseCore(parser, payload);
        }

        if (!GrpcCompression.IsCompressing(_encoding))
        {
            // PROTOCOL-HTTP2.md: a compressed flag without a message encoding is a protocol error.
            throw new RpcException(new Status(
                StatusCode.Internal,
                "Message is marked compressed but the stream's grpc-encoding is identity or absent."));
        }

        using var inflated = GrpcCompression.Decompress(_encoding!, payload, _maxMessageSize);
        return ParseCore(parser, new ReadOnlySequence<byte>(inflated.WrittenMemory));
    }

    private static T ParseCore<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload)
        where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize a {typeof(T).Name} message: {ex.Message}", ex));
        }
    }
}
