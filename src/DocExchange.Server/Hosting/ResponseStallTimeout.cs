using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Resets a streaming gRPC call whose response has not been able to move for
/// <c>DocExchange:Abuse:ResponseStallTimeoutSeconds</c>: a flush of its response that waits that long means the client
/// has stopped reading (HTTP/2 flow control holds the server back) or the stream is stuck in the transport. Either way
/// the call would otherwise hold its stream, its buffers and its open file until the client goes away, which it may never
/// do. Kestrel's minimum response data rate does not cover this, since it leaves out the time spent waiting for the
/// client's flow-control window. An idle subscription is not affected: it waits for events, not for a flush. Unary calls
/// answer with one message and are left alone.
/// </summary>
internal static partial class ResponseStallTimeout
{
    public static IApplicationBuilder UseResponseStallTimeout(this IApplicationBuilder app, TimeSpan timeout)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ResponseStallTimeout).FullName!);
        return app.Use(next => httpContext =>
        {
            if (httpContext.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { Method.Type: MethodType.ServerStreaming or MethodType.DuplexStreaming } grpc
                && httpContext.Features.Get<IHttpResponseBodyFeature>() is { } body)
            {
                var writer = new StallGuardedPipeWriter(body.Writer, timeout, () => Reset(httpContext, grpc.Method.FullName, timeout, logger));
                httpContext.Features.Set<IHttpResponseBodyFeature>(new ResponseBodyFeature(body, writer));
            }

            return next(httpContext);
        });
    }

    private static void Reset(HttpContext httpContext, string method, TimeSpan timeout, ILogger logger)
    {
        LogStalled(logger, method, httpContext.Connection.RemoteIpAddress?.ToString() ?? string.Empty, timeout.TotalSeconds);
        httpContext.Abort();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The response of {GrpcMethod} to {Peer} could not move for {StallSeconds} s (the client stopped reading, or the stream is stuck): the call was reset (DocExchange:Abuse:ResponseStallTimeoutSeconds)")]
    private static partial void LogStalled(ILogger logger, string grpcMethod, string peer, double stallSeconds);

    private sealed class ResponseBodyFeature(IHttpResponseBodyFeature inner, PipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => inner.Stream;

        public PipeWriter Writer => writer;

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task CompleteAsync() => inner.CompleteAsync();
    }

    /// <summary>Passes everything through; a flush that does not complete at once is given <c>timeout</c>, then <c>onStall</c> runs.</summary>
    private sealed class StallGuardedPipeWriter(PipeWriter inner, TimeSpan timeout, Action onStall) : PipeWriter
    {
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Guard(inner.FlushAsync(cancellationToken));

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
            Guard(inner.WriteAsync(source, cancellationToken));

        // Most flushes complete at once (the data fits in the stream's buffer): they cost no timer.
        private ValueTask<FlushResult> Guard(ValueTask<FlushResult> flush) => flush.IsCompleted ? flush : WithinTimeoutAsync(flush);

        private async ValueTask<FlushResult> WithinTimeoutAsync(ValueTask<FlushResult> flush)
        {
            using var stall = new CancellationTokenSource(timeout);
            using var onTimeout = stall.Token.UnsafeRegister(static state => ((Action)state!)(), onStall);
            return await flush.ConfigureAwait(false);
        }

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
