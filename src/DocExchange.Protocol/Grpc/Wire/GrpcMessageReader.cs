using System.Buffers;
using System.Globalization;
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
    private readonly TimeSpan? _idleTimeout;
    private readonly bool _idleBetweenMessages;
    private bool _completed;

    /// <param name="reader">The body to read.</param>
    /// <param name="maxMessageSize">Limit for a message, before and after decompression.</param>
    /// <param name="encoding">The stream's grpc-encoding; null or "identity" means none.</param>
    /// <param name="idleTimeout">
    /// When set, a read that gets no new bytes for this long in the middle of a message ends with DEADLINE_EXCEEDED
    /// (a stalled sender holds buffers and a stream); with <paramref name="idleBetweenMessages"/>, also a read
    /// waiting for the next message or the end of the stream.
    /// </param>
    /// <param name="idleBetweenMessages">Applies <paramref name="idleTimeout"/> to the wait for a next message too.</param>
    public GrpcMessageReader(PipeReader reader, int maxMessageSize, string? encoding, TimeSpan? idleTimeout = null, bool idleBetweenMessages = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessageSize);
        _reader = reader;
        _maxMessageSize = maxMessageSize;
        _encoding = encoding;
        _idleTimeout = idleTimeout;
        _idleBetweenMessages = idleBetweenMessages;
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

        var midMessage = false;
        while (true)
        {
            var result = await ReadAsync(midMessage, cancellationToken).ConfigureAwait(false);
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

                midMessage = !buffer.IsEmpty;
            }
            finally
            {
                _reader.AdvanceTo(consumed, examined);
            }
        }
    }

    private async ValueTask<ReadResult> ReadAsync(bool midMessage, CancellationToken cancellationToken)
    {
        if (_idleTimeout is not { } timeout || !(midMessage || _idleBetweenMessages))
        {
            return await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(timeout);
        try
        {
            return await _reader.ReadAsync(idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _completed = true;
            throw new RpcException(new Status(
                StatusCode.DeadlineExceeded,
                midMessage
                    ? string.Create(CultureInfo.InvariantCulture, $"The request stream sent nothing for {timeout.TotalSeconds:0.#} s in the middle of a message; the call was ended.")
                    : string.Create(CultureInfo.InvariantCulture, $"The request stream sent nothing for {timeout.TotalSeconds:0.#} s while the server waited for the next message or its end; the call was ended.")));
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
