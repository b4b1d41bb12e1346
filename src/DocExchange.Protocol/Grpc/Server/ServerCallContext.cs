using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Protocol.Grpc.Wire;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>The server side of one call: what the client sent, and what goes back besides messages.</summary>
public sealed class ServerCallContext : IDisposable
{
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _callCts;
    private readonly CancellationTokenSource? _deadlineCts;
    private readonly CancellationToken _stopping;
    private readonly string? _responseEncoding;
    private readonly GrpcMessageReader _requestReader;
    private CancellationTokenRegistration _deadlineRegistration;
    private Task? _deadlineCompletion;
    private Dictionary<object, object>? _userState;
    private Metadata? _responseHeaders;
    private bool _completed;
    private int _writing;

    internal ServerCallContext(
        HttpContext httpContext,
        IGrpcMethod method,
        Metadata requestHeaders,
        TimeSpan? timeout,
        string? requestEncoding,
        GrpcServerOptions options,
        CancellationToken stopping,
        ILogger logger)
    {
        HttpContext = httpContext;
        MethodDescriptor = method;
        RequestHeaders = requestHeaders;
        _options = options;
        _logger = logger;
        _stopping = stopping;

        if (options.ResponseCompression is { } compression
            && GrpcCompression.IsCompressing(compression)
            && GrpcCompression.Accepts(httpContext.Request.Headers[GrpcProtocolConstants.AcceptEncodingHeader], compression))
        {
            _responseEncoding = compression;
        }

        _requestReader = new GrpcMessageReader(
            httpContext.Request.BodyReader,
            options.MaxReceiveMessageSize ?? int.MaxValue,
            requestEncoding,
            options.RequestIdleTimeout,
            idleBetweenMessages: method.Type != MethodType.DuplexStreaming);

        if (timeout is { } t)
        {
            Deadline = DateTime.UtcNow + t;
            // CancelAfter takes at most uint.MaxValue - 1 ms (about 49 days); a longer deadline never fires here.
            if (t.TotalMilliseconds < uint.MaxValue - 1)
            {
                _deadlineCts = new CancellationTokenSource();
                _callCts = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping, _deadlineCts.Token);
                _deadlineRegistration = _deadlineCts.Token.UnsafeRegister(
                    static state => ((ServerCallContext)state!).OnDeadline(),
                    this);
                _deadlineCts.CancelAfter(t);
            }
            else
            {
                _callCts = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
            }
        }
        else
        {
            Deadline = DateTime.MaxValue;
            _callCts = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        }
    }

    /// <summary>The method's path, e.g. "/docexchange.v1.Exchange/Send".</summary>
    public string Method => MethodDescriptor.FullName;

    /// <summary>The method being called, with its descriptor (for authorisation by method).</summary>
    public IGrpcMethod MethodDescriptor { get; }

    /// <summary>The :authority the client called.</summary>
    public string Host => HttpContext.Request.Host.Value ?? string.Empty;

    /// <summary>The client's address, as "ipv4:127.0.0.1:5000" or "ipv6:[::1]:5000".</summary>
    public string Peer
    {
        get
        {
            var connection = HttpContext.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: AddressFamily.InterNetworkV6 } ip =>
                    string.Create(CultureInfo.InvariantCulture, $"ipv6:[{ip}]:{connection.RemotePort}"),
                var ip => string.Create(CultureInfo.InvariantCulture, $"ipv4:{ip}:{connection.RemotePort}"),
            };
        }
    }

    /// <summary>When the call must end (UTC), from grpc-timeout; <see cref="DateTime.MaxValue"/> when none.</summary>
    public DateTime Deadline { get; }

    /// <summary>Cancelled when the deadline passes, the client goes away (RST_STREAM) or the server stops.</summary>
    public CancellationToken CancellationToken => _callCts.Token;

    /// <summary>The custom metadata the client sent.</summary>
    public Metadata RequestHeaders { get; }

    /// <summary>Custom trailers sent with the status.</summary>
    public Metadata ResponseTrailers { get; } = new();

    /// <summary>The status the call ends with when the handler returns normally.</summary>
    public Status Status { get; set; } = Status.DefaultSuccess;

    /// <summary>Default options for response writes.</summary>
    public WriteOptions? WriteOptions { get; set; }

    /// <summary>The TLS client certificate of the connection, when one was presented.</summary>
    public X509Certificate2? ClientCertificate => HttpContext.Connection.ClientCertificate;

    /// <summary>The underlying ASP.NET Core request, for authentication and features not wrapped here.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Per-call state shared by interceptors and the handler.</summary>
    public IDictionary<object, object> UserState => _userState ??= [];

    /// <summary>Sends the response headers now, with this custom metadata. Allowed once, before the first message.</summary>
    public async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        await _writeLock.WaitAsync(CancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfCompleted();
            if (HttpContext.Response.HasStarted || _responseHeaders is not null)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call, before the first message.");
            }

            _responseHeaders = responseHeaders;
            PrepareResponseHeaders();
            await FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _deadlineRegistration.Dispose();
        _callCts.Dispose();
        _deadlineCts?.Dispose();
        _writeLock.Dispose();
    }

    internal async Task<T> ReadSingleRequestAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        var request = await ReadMessageAsync(parser, CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.Internal, "The request stream ended without a message."));
        if (await ReadMessageAsync(parser, CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"{Method} takes exactly one request message, but the client sent more."));
        }

        return request;
    }

    internal async Task<T?> ReadMessageAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        if (!cancellationToken.CanBeCanceled || cancellationToken == CancellationToken)
        {
            return await _requestReader.ReadMessageAsync(parser, CancellationToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, cancellationToken);
        return await _requestReader.ReadMessageAsync(parser, linked.Token).ConfigureAwait(false);
    }

    internal async Task WriteMessageAsync(IMessage message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != CancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, cancellationToken)
            : null;
        var token = linked?.Token ?? CancellationToken;
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("Only one write of the response stream can be pending at a time.");
        }

        try
        {
            await _writeLock.WaitAsync(token).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }

        try
        {
            ThrowIfCompleted();
            PrepareResponseHeaders();
            var encoding = WriteOptions.ForbidsCompression(writeOptions ?? WriteOptions) ? null : _responseEncoding;
            GrpcMessageWriter.WriteMessage(
                HttpContext.Response.BodyWriter,
                message,
                _options.MaxSendMessageSize,
                encoding,
                _options.ResponseCompressionLevel);
            await FlushAsync(token).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>The status an exception from the handler, an interceptor or the transport maps to.</summary>
    internal Status StatusFromException(Exception exception)
    {
        if (_deadlineCts?.IsCancellationRequested == true)
        {
            return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        if (exception is RpcException rpc)
        {
            foreach (var entry in rpc.Trailers)
            {
                ResponseTrailers.Add(entry);
            }

            return rpc.Status;
        }

        if (HttpContext.RequestAborted.IsCancellationRequested)
        {
            return new Status(StatusCode.Cancelled, "Call canceled by the client.");
        }

        if (_stopping.IsCancellationRequested && exception is OperationCanceledException)
        {
            return new Status(StatusCode.Unavailable, "The server is shutting down.");
        }

        _logger.LogError(exception, "Unhandled exception in gRPC method {Method}", Method);
        return new Status(
            StatusCode.Unknown,
            _options.EnableDetailedErrors
                ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                : "Exception was thrown by handler.");
    }

    /// <summary>Sends the status (as trailers, or Trailers-Only when nothing was sent yet) unless already done.</summary>
    internal async Task CompleteAsync(Status status)
    {
        // Waits for a deadline completion that may be running, and stops a later one from starting.
        await _deadlineRegistration.DisposeAsync().ConfigureAwait(false);
        if (_deadlineCompletion is { } deadlineCompletion)
        {
            await deadlineCompletion.ConfigureAwait(false);
        }

        if (status.StatusCode == StatusCode.OK && _deadlineCts?.IsCancellationRequested == true)
        {
            status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (HttpContext.RequestAborted.IsCancellationRequested)
            {
                _logger.LogDebug("gRPC call {Method} ended by the client ({Status})", Method, status);
                return;
            }

            WriteStatus(status);
        }
        finally
        {
            _writeLock.Release();
        }

        LogStatus(status);
    }

    private void OnDeadline() => _deadlineCompletion = CompleteOnDeadlineAsync();

    private async Task CompleteOnDeadlineAsync()
    {
        // The handler's token is cancelled with the deadline; a write blocked on flow control gives up the lock.
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (HttpContext.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            var status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            WriteStatus(status);
            await HttpContext.Response.CompleteAsync().ConfigureAwait(false);
            LogStatus(status);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Could not send DEADLINE_EXCEEDED for gRPC call {Method}", Method);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WriteStatus(Status status)
    {
        var response = HttpContext.Response;
        if (response.HasStarted)
        {
            if (!response.SupportsTrailers())
            {
                throw new InvalidOperationException("The HTTP response does not support trailers; gRPC needs HTTP/2.");
            }

            response.AppendTrailer(GrpcProtocolConstants.StatusHeader, ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture));
            if (status.Detail.Length > 0)
            {
                response.AppendTrailer(GrpcProtocolConstants.MessageHeader, GrpcMessageEncoding.Encode(status.Detail));
            }

            foreach (var entry in ResponseTrailers)
            {
                response.AppendTrailer(entry.Key, MetadataHeaders.EncodeValue(entry));
            }

            return;
        }

        // Trailers-Only (PROTOCOL-HTTP2.md): one HEADERS frame carrying the status and the trailers.
        PrepareResponseHeaders();
        GrpcCallDispatcher.WriteTrailersOnly(response, status, ResponseTrailers);
    }

    private void PrepareResponseHeaders()
    {
        var response = HttpContext.Response;
        if (response.HasStarted || response.ContentType == GrpcProtocolConstants.ContentType)
        {
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocolConstants.ContentType;
        if (_responseEncoding is not null)
        {
            response.Headers[GrpcProtocolConstants.EncodingHeader] = _responseEncoding;
        }

        response.Headers[GrpcProtocolConstants.AcceptEncodingHeader] = GrpcCompression.AcceptEncodingValue;
        if (_responseHeaders is not null)
        {
            MetadataHeaders.WriteTo(_responseHeaders, response.Headers);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var result = await HttpContext.Response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("The client is no longer reading the response.");
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            CancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("The call has already ended.");
        }
    }

    private void LogStatus(Status status)
    {
        if (status.StatusCode != StatusCode.OK)
        {
            _logger.LogDebug("gRPC call {Method} ended with {StatusCode}: {Detail}", Method, status.StatusCode, status.Detail);
        }
    }
}
