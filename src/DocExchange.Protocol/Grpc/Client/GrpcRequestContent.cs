using System.IO.Compression;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using DocExchange.Protocol.Grpc.Wire;
using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Client;

/// <summary>
/// The request body. With a single message it writes that frame and ends; otherwise it hands the
/// HTTP/2 request stream to the call's writer and ends (half-close) when the writer completes.
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly IMessage? _singleMessage;
    private readonly string? _encoding;
    private readonly CompressionLevel _level;
    private readonly TaskCompletionSource<PipeWriter> _writerReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrpcRequestContent(IMessage? singleMessage, string? encoding, CompressionLevel level)
    {
        _singleMessage = singleMessage;
        _encoding = encoding;
        _level = level;
        Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocolConstants.ContentType);
    }

    /// <summary>Completes with the pipe to write frames to once the body starts sending.</summary>
    public Task<PipeWriter> WriterReady => _writerReady.Task;

    /// <summary>Ends the request stream after what has been written.</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Stops the body: pending and later writes fail with <paramref name="reason"/>.</summary>
    public void Abort(Exception reason)
    {
        if (_writerReady.TrySetException(reason))
        {
            _ = _writerReady.Task.Exception;
        }

        if (_completed.TrySetException(reason))
        {
            _ = _completed.Task.Exception;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        if (_singleMessage is not null)
        {
            var encoding = GrpcCompression.IsCompressing(_encoding) ? _encoding : null;
            GrpcMessageWriter.WriteMessage(writer, _singleMessage, null, encoding, _level);
            await writer.CompleteAsync().ConfigureAwait(false);
            return;
        }

        _writerReady.TrySetResult(writer);
        try
        {
            await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Abort(new OperationCanceledException("The request stream was reset."));
            throw;
        }

        await writer.CompleteAsync().ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
