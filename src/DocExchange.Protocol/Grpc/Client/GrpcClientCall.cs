using System.IO.Pipelines;
using System.Net;
using DocExchange.Protocol.Grpc.Wire;
using Google.Protobuf;

namespace DocExchange.Protocol.Grpc.Client;

/// <summary>
/// One client call over HttpClient: sends the request headers and body, reads response messages as
/// they arrive, and settles the final status exactly once, from trailers, a Trailers-Only response,
/// the HTTP status, a transport error, the deadline or cancellation, whichever comes first.
/// </summary>
internal sealed class GrpcClientCall<TRequest, TResponse> : IClientCallState, IClientRequestSink<TRequest>, IClientResponseSource<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcChannel _channel;
    private readonly GrpcMethod<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _callCts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private readonly string? _sendEncoding;
    private readonly GrpcRequestContent _content;
    private CancellationTokenSource? _deadlineCts;
    private CancellationTokenRegistration _deadlineRegistration;
    private CancellationTokenRegistration _userRegistration;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private GrpcMessageReader? _reader;
    private Task<bool> _started = Task.FromResult(false);
    private Task<TResponse>? _singleResponse;
    private Status? _status;
    private Metadata? _trailers;
    private int _reading;

    public GrpcClientCall(GrpcChannel channel, GrpcMethod<TRequest, TResponse> method, CallOptions options, TRequest? singleRequest)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _sendEncoding = GrpcCompression.IsCompressing(channel.Options.SendCompression) ? channel.Options.SendCompression : null;
        var singleEncoding = WriteOptions.ForbidsCompression(options.WriteOptions) ? null : _sendEncoding;
        _content = new GrpcRequestContent(singleRequest, singleEncoding, channel.Options.CompressionLevel);
        Start(singleRequest);
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    /// <summary>Reads the one response of a unary or client-streaming call; starts at once.</summary>
    public Task<TResponse> StartSingleResponse()
    {
        var task = _singleResponse = ReadSingleResponseAsync();
        // Observed here so a caller that only disposes the call leaves no unobserved exception.
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    public Status GetStatus()
    {
        lock (_sync)
        {
            return _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_sync)
        {
            return _status is null
                ? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.")
                : _trailers!;
        }
    }

    public async Task<TResponse?> ReadResponseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Only one read of the response stream can be pending at a time.");
        }

        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((GrpcClientCall<TRequest, TResponse>)s!).Cancel(CancelledByClient), this)
            : default;
        try
        {
            if (!await _started.ConfigureAwait(false))
            {
                return EndOfCall();
            }

            TResponse? message;
            try
            {
                message = await _reader!.ReadMessageAsync(_method.ResponseParser, _callCts.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Cancel(StatusFromException(ex, "Error reading the response"));
                return EndOfCall();
            }

            if (message is not null)
            {
                return message;
            }

            // The body ended cleanly: the status is in the trailers.
            var trailingHeaders = _response!.TrailingHeaders;
            Status status;
            Metadata trailers;
            try
            {
                status = GrpcStatusMapping.FromHeaders(trailingHeaders)
                    ?? new Status(StatusCode.Unknown, "No grpc-status found on response.");
                trailers = MetadataHeaders.FromHeaders(trailingHeaders);
            }
            catch (RpcException ex)
            {
                status = ex.Status;
                trailers = new Metadata();
            }

            Finish(status, trailers);
            return EndOfCall();
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    public async Task WriteRequestAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        ThrowIfFinished();
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callCts.Token) : null;
        var token = linked?.Token ?? _callCts.Token;
        PipeWriter writer;
        try
        {
            writer = await _content.WriterReady.WaitAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw await FailedWriteAsync(ex, cancellationToken).ConfigureAwait(false);
        }

        // A message above the send limit fails this write only; nothing of it reaches the stream.
        var encoding = WriteOptions.ForbidsCompression(writeOptions) ? null : _sendEncoding;
        GrpcMessageWriter.WriteMessage(writer, message, _channel.Options.MaxSendMessageSize, encoding, _channel.Options.CompressionLevel);
        try
        {
            var result = await writer.FlushAsync(token).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The write was cancelled.");
            }
        }
        catch (Exception ex)
        {
            throw await FailedWriteAsync(ex, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Half-closes the request stream; nothing to do when the call has already ended.</summary>
    public void CompleteRequests() => _content.Complete();

    public void Dispose()
    {
        Cancel(new Status(StatusCode.Cancelled, "The call was disposed before it completed."));
        _deadlineRegistration.Dispose();
        _userRegistration.Dispose();
        _deadlineCts?.Dispose();
        _request?.Dispose();
    }

    private static Status CancelledByClient => new(StatusCode.Cancelled, "Call canceled by the client.");

    private void Start(TRequest? singleRequest)
    {
        if (singleRequest is not null && singleRequest.CalculateSize() > _channel.Options.MaxSendMessageSize)
        {
            Finish(new Status(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({singleRequest.CalculateSize()} vs. {_channel.Options.MaxSendMessageSize})."),
                new Metadata());
            return;
        }

        var deadline = _options.Deadline?.ToUniversalTime()
            ?? (_channel.Options.DefaultTimeout is { } defaultTimeout ? DateTime.UtcNow + defaultTimeout : null);
        TimeSpan? timeout = null;
        if (deadline is { } d && d != DateTime.MaxValue)
        {
            var remaining = d - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                Finish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata());
                return;
            }

            timeout = remaining;
            if (remaining.TotalMilliseconds < uint.MaxValue - 1)
            {
                _deadlineCts = new CancellationTokenSource();
                _deadlineRegistration = _deadlineCts.Token.UnsafeRegister(
                    static s => ((GrpcClientCall<TRequest, TResponse>)s!).Cancel(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")),
                    this);
                _deadlineCts.CancelAfter(remaining);
            }
        }

        _request = CreateRequest(timeout);
        if (_options.CancellationToken.CanBeCanceled)
        {
            _userRegistration = _options.CancellationToken.UnsafeRegister(
                static s => ((GrpcClientCall<TRequest, TResponse>)s!).Cancel(CancelledByClient),
                this);
        }

        _started = StartAsync(_request);
    }

    private HttpRequestMessage CreateRequest(TimeSpan? timeout)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = _content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation("user-agent", GrpcProtocolConstants.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.AcceptEncodingHeader, GrpcCompression.AcceptEncodingValue);
        if (_sendEncoding is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.EncodingHeader, _sendEncoding);
        }

        if (timeout is { } t)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(t));
        }

        if (_options.Headers is { } metadata)
        {
            MetadataHeaders.WriteTo(metadata, headers);
        }

        return request;
    }

    private async Task<bool> StartAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.HttpInvoker.SendAsync(request, _callCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(StatusFromException(ex, $"Error starting the call to {_channel.Address}"), new Metadata());
            return false;
        }

        lock (_sync)
        {
            if (_status is null)
            {
                _response = response;
            }
        }

        if (_response != response)
        {
            response.Dispose();
            return false;
        }

        try
        {
            var early = ValidateResponseHeaders(response);
            var headers = MetadataHeaders.FromHeaders(response.Headers);
            _headers.TrySetResult(headers);
            if (early is { } status)
            {
                // Trailers-Only, or not a gRPC response at all: the call ends with the headers.
                Finish(status, headers);
                response.Dispose();
                return false;
            }

            var body = await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
            var encoding = response.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.EncodingHeader, out var values)
                ? values.ToString()
                : null;
            _reader = new GrpcMessageReader(PipeReader.Create(body), _channel.Options.MaxReceiveMessageSize ?? int.MaxValue, encoding);
            return true;
        }
        catch (Exception ex)
        {
            Cancel(StatusFromException(ex, "Error reading the response headers"));
            return false;
        }
    }

    private static Status? ValidateResponseHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = (int)response.StatusCode;
            return new Status(GrpcStatusMapping.FromHttpStatus(code), $"Bad gRPC response. HTTP status code: {code}.");
        }

        if (GrpcStatusMapping.FromHeaders(response.Headers) is { } trailersOnly)
        {
            return trailersOnly;
        }

        var contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocolConstants.IsGrpcContentType(contentType))
        {
            return new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: '{contentType}'.");
        }

        return null;
    }

    private async Task<TResponse> ReadSingleResponseAsync()
    {
        var message = await ReadResponseAsync(CancellationToken.None).ConfigureAwait(false);
        if (message is null)
        {
            var status = new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message.");
            lock (_sync)
            {
                _status = status;
            }

            throw new RpcException(status, _trailers ?? new Metadata());
        }

        if (await ReadResponseAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            var status = new Status(StatusCode.Internal, "The server sent more than one response message for a call that takes one.");
            Cancel(status);
            throw new RpcException(status);
        }

        return message;
    }

    /// <summary>Settles the status (first one wins) and stops the request body. False when already settled.</summary>
    private bool Finish(Status status, Metadata trailers)
    {
        lock (_sync)
        {
            if (_status is not null)
            {
                return false;
            }

            _status = status;
            _trailers = trailers;
        }

        var exception = new RpcException(status, trailers);
        if (_headers.TrySetException(exception))
        {
            _ = _headers.Task.Exception;
        }

        _content.Abort(status.StatusCode == StatusCode.OK ? new InvalidOperationException("The call has completed.") : exception);
        return true;
    }

    /// <summary>Settles the status if not yet done, and resets the HTTP/2 stream.</summary>
    private void Cancel(Status status)
    {
        Finish(status, new Metadata());
        _callCts.Cancel();
        HttpResponseMessage? response;
        lock (_sync)
        {
            response = _response;
        }

        response?.Dispose();
    }

    private TResponse? EndOfCall()
    {
        lock (_sync)
        {
            var status = _status!.Value;
            return status.StatusCode == StatusCode.OK ? null : throw new RpcException(status, _trailers!);
        }
    }

    private void ThrowIfFinished()
    {
        lock (_sync)
        {
            if (_status is { } status)
            {
                throw status.StatusCode == StatusCode.OK
                    ? new InvalidOperationException("The call has already completed; no more requests can be written.")
                    : new RpcException(status, _trailers!);
            }
        }
    }

    private async Task<Exception> FailedWriteAsync(Exception exception, CancellationToken writeToken)
    {
        if (writeToken.IsCancellationRequested)
        {
            Cancel(CancelledByClient);
        }
        else if (_singleResponse is { } response)
        {
            // The server may have ended the call: its status, read by the response reader, explains the failure.
            try
            {
                await response.ConfigureAwait(false);
            }
            catch (RpcException)
            {
            }
        }

        lock (_sync)
        {
            if (_status is { } status)
            {
                return status.StatusCode == StatusCode.OK
                    ? new InvalidOperationException("The call has already completed; no more requests can be written.")
                    : new RpcException(status, _trailers!);
            }
        }

        // Duplex: the response reader will see the real status; this write reports what it saw.
        return new RpcException(StatusFromException(exception, "Error writing a request message"));
    }

    private Status StatusFromException(Exception exception, string context)
    {
        lock (_sync)
        {
            if (_status is { } settled)
            {
                return settled;
            }
        }

        if (_deadlineCts?.IsCancellationRequested == true)
        {
            return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        if (_options.CancellationToken.IsCancellationRequested)
        {
            return CancelledByClient;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RpcException rpc)
            {
                return rpc.Status;
            }

            if (e is HttpProtocolException protocol)
            {
                return new Status(
                    GrpcStatusMapping.FromHttp2ErrorCode(protocol.ErrorCode),
                    $"{context}: the HTTP/2 stream was reset (error code 0x{protocol.ErrorCode:X}).",
                    exception);
            }
        }

        return exception switch
        {
            HttpRequestException or IOException => new Status(StatusCode.Unavailable, $"{context}: {exception.Message}", exception),
            OperationCanceledException or ObjectDisposedException => new Status(StatusCode.Cancelled, $"{context}: the call was cancelled.", exception),
            _ => new Status(StatusCode.Internal, $"{context}: {exception.GetType().Name}: {exception.Message}", exception),
        };
    }
}
