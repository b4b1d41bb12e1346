using System.Buffers;
using System.IO.Pipelines;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Ends a gRPC call whose request stream sends nothing for <c>DocExchange:Abuse:RequestIdleTimeoutSeconds</c>, with
/// DEADLINE_EXCEEDED: in the middle of a message for every call, and between messages too except in duplex calls,
/// where the client may wait for answers before it sends again. A stalled sender would otherwise hold a stream and
/// its buffers until the deadline, which it sets itself. Kestrel's minimum data rate does not cover this: grpc-dotnet
/// switches it off for streaming calls, as a stream may rightly pause between messages.
/// </summary>
internal static class RequestIdleTimeout
{
    public static IApplicationBuilder UseRequestIdleTimeout(this IApplicationBuilder app, TimeSpan timeout) =>
        app.Use(next => httpContext =>
        {
            if (httpContext.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc
                && httpContext.Features.Get<IRequestBodyPipeFeature>() is { } body)
            {
                var reader = new IdleTimeoutPipeReader(body.Reader, timeout, idleBetweenMessages: grpc.Method.Type != MethodType.DuplexStreaming);
                httpContext.Features.Set<IRequestBodyPipeFeature>(new RequestBodyPipeFeature(reader));
            }

            return next(httpContext);
        });

    private sealed class RequestBodyPipeFeature(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }

    /// <summary>
    /// A read waits at most the idle timeout when part of a message is buffered (the reader left data unconsumed), or
    /// when <c>idleBetweenMessages</c> is set.
    /// </summary>
    private sealed class IdleTimeoutPipeReader(PipeReader inner, TimeSpan timeout, bool idleBetweenMessages) : PipeReader
    {
        private ReadOnlySequence<byte> _lastBuffer;
        private bool _midMessage;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (!(_midMessage || idleBetweenMessages))
            {
                return Remember(await inner.ReadAsync(cancellationToken).ConfigureAwait(false));
            }

            // Data already received needs no wait, so no timer: a streamed upload's reads mostly find some.
            if (!cancellationToken.IsCancellationRequested && inner.TryRead(out var received))
            {
                return Remember(received);
            }

            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(timeout);
            try
            {
                return Remember(await inner.ReadAsync(idle.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(
                    StatusCode.DeadlineExceeded,
                    _midMessage
                        ? FormattableString.Invariant($"The request stream sent nothing for {timeout.TotalSeconds:0.#} s in the middle of a message; the call was ended.")
                        : FormattableString.Invariant($"The request stream sent nothing for {timeout.TotalSeconds:0.#} s while the server waited for the next message or its end; the call was ended.")));
            }
        }

        public override bool TryRead(out ReadResult result)
        {
            if (inner.TryRead(out result))
            {
                Remember(result);
                return true;
            }

            return false;
        }

        public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            _midMessage = _lastBuffer.Slice(consumed).Length > 0;
            inner.AdvanceTo(consumed, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        private ReadResult Remember(ReadResult result)
        {
            _lastBuffer = result.Buffer;
            return result;
        }
    }
}
