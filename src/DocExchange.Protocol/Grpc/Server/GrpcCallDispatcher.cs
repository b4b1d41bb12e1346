using System.Globalization;
using DocExchange.Protocol.Grpc.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace DocExchange.Protocol.Grpc.Server;

/// <summary>Turns an HTTP/2 request into a gRPC call: checks the protocol, runs interceptors and the handler, sends the status.</summary>
internal sealed class GrpcCallDispatcher
{
    private readonly GrpcServerOptions _options;
    private readonly IGrpcServerInterceptor[] _interceptors;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly HashSet<string> _serviceNames;

    public GrpcCallDispatcher(
        IOptions<GrpcServerOptions> options,
        IEnumerable<IGrpcService> services,
        IEnumerable<IGrpcServerInterceptor> interceptors,
        ILoggerFactory loggerFactory,
        IHostApplicationLifetime? lifetime = null)
    {
        _options = options.Value;
        _interceptors = interceptors.ToArray();
        _logger = loggerFactory.CreateLogger("DocExchange.Protocol.Grpc.Server");
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;

        var binder = new GrpcServiceBinder();
        foreach (var service in services)
        {
            service.Bind(binder);
        }

        GrpcServiceCompleteness.EnsureComplete(binder.BoundMethods, _options.RequiredServiceFiles);
        Bindings = binder.Bindings.Values.ToList();
        _serviceNames = Bindings.Select(b => b.Method.ServiceName).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<ServerMethodBinding> Bindings { get; }

    public async Task DispatchAsync(HttpContext httpContext, ServerMethodBinding binding)
    {
        if (!await CheckProtocolAsync(httpContext).ConfigureAwait(false))
        {
            return;
        }

        var request = httpContext.Request;
        RelaxBodyLimits(httpContext, binding.Method.Type);

        TimeSpan? timeout = null;
        var timeoutHeader = request.Headers[GrpcProtocolConstants.TimeoutHeader];
        if (!StringValues.IsNullOrEmpty(timeoutHeader))
        {
            if (!GrpcTimeout.TryParse(timeoutHeader.ToString(), out var parsed))
            {
                WriteTrailersOnly(httpContext.Response, new Status(StatusCode.Internal, $"Invalid grpc-timeout header '{timeoutHeader}'."), null);
                return;
            }

            timeout = parsed;
        }

        var encodingHeader = request.Headers[GrpcProtocolConstants.EncodingHeader];
        var encoding = StringValues.IsNullOrEmpty(encodingHeader) ? null : encodingHeader.ToString();
        if (!GrpcCompression.IsSupported(encoding))
        {
            // compression.md: answer UNIMPLEMENTED and say which encodings we do accept.
            httpContext.Response.Headers[GrpcProtocolConstants.AcceptEncodingHeader] = GrpcCompression.AcceptEncodingValue;
            WriteTrailersOnly(
                httpContext.Response,
                new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{encoding}'; supported: {GrpcCompression.AcceptEncodingValue}."),
                null);
            return;
        }

        Metadata requestHeaders;
        try
        {
            requestHeaders = MetadataHeaders.FromHeaders(request.Headers);
        }
        catch (RpcException ex)
        {
            WriteTrailersOnly(httpContext.Response, ex.Status, null);
            return;
        }

        using var context = new ServerCallContext(httpContext, binding.Method, requestHeaders, timeout, encoding, _options, _stopping, _logger);
        Status status;
        try
        {
            await InvokeAsync(context, binding).ConfigureAwait(false);
            status = context.Status;
        }
        catch (Exception ex)
        {
            status = context.StatusFromException(ex);
        }

        try
        {
            await context.CompleteAsync(status).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "Could not send the status of gRPC call {Method}", context.Method);
        }
    }

    public async Task DispatchUnimplementedAsync(HttpContext httpContext)
    {
        if (!await CheckProtocolAsync(httpContext).ConfigureAwait(false))
        {
            return;
        }

        var service = httpContext.Request.RouteValues["service"] as string ?? string.Empty;
        var method = httpContext.Request.RouteValues["method"] as string ?? string.Empty;
        var detail = _serviceNames.Contains(service)
            ? $"Method '{method}' of service '{service}' is unimplemented."
            : $"Service '{service}' is unimplemented.";
        WriteTrailersOnly(httpContext.Response, new Status(StatusCode.Unimplemented, detail), null);
    }

    /// <summary>A Trailers-Only response: HTTP 200 and the status in the only HEADERS frame.</summary>
    internal static void WriteTrailersOnly(HttpResponse response, Status status, Metadata? trailers)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.StatusHeader] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (status.Detail.Length > 0)
        {
            response.Headers[GrpcProtocolConstants.MessageHeader] = GrpcMessageEncoding.Encode(status.Detail);
        }

        if (trailers is not null)
        {
            MetadataHeaders.WriteTo(trailers, response.Headers);
        }
    }

    private Task InvokeAsync(ServerCallContext context, ServerMethodBinding binding)
    {
        return Next(0);

        Task Next(int index) =>
            index == _interceptors.Length
                ? binding.InvokeAsync(context)
                : _interceptors[index].InterceptAsync(context, () => Next(index + 1));
    }

    private static async Task<bool> CheckProtocolAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            httpContext.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            await httpContext.Response.WriteAsync($"gRPC requires HTTP/2; this request used {request.Protocol}.", httpContext.RequestAborted).ConfigureAwait(false);
            return false;
        }

        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            // PROTOCOL-HTTP2.md: a content-type other than application/grpc gets HTTP 415.
            httpContext.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await httpContext.Response.WriteAsync(
                $"Content-Type '{request.ContentType}' is not supported; gRPC requests use application/grpc.",
                httpContext.RequestAborted).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static void RelaxBodyLimits(HttpContext httpContext, MethodType type)
    {
        // Message size is limited per message; the whole body of a stream is not.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = null;
        }

        // A streaming client may pause between messages for as long as it likes.
        if (type is MethodType.ClientStreaming or MethodType.DuplexStreaming
            && httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }
    }
}
