using Google.Protobuf;
using Grpc.Core;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Fills <c>original_request</c> in server reflection responses (grpc.reflection v1 and v1alpha), which the reflection
/// service of Grpc.Reflection leaves empty: a client that pipelines several requests on one stream, as grpcurl and
/// grpc-js tools may, matches each answer to its question by it. The service answers each request in turn, so the
/// request read last is the one being answered. Applied by <see cref="CallPipeline"/> to every duplex call, innermost.
/// </summary>
public static class ReflectionOriginalRequest
{
    private const string OriginalRequestField = "original_request";

    /// <summary>Runs the duplex <paramref name="handler"/>, its streams wrapped when it is a reflection call.</summary>
    public static Task Run<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class where TResponse : class
    {
        if (!context.Method.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return handler(requestStream, responseStream, context);
        }

        var requests = new RememberingReader<TRequest>(requestStream);
        return handler(requests, new AnsweringWriter<TRequest, TResponse>(responseStream, requests), context);
    }

    private sealed class RememberingReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public T? Last { get; private set; }

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var moved = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
            Last = moved ? inner.Current : Last;
            return moved;
        }
    }

    private sealed class AnsweringWriter<TRequest, TResponse>(IServerStreamWriter<TResponse> inner, RememberingReader<TRequest> requests)
        : IServerStreamWriter<TResponse>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(TResponse message) => inner.WriteAsync(Answered(message));

        public Task WriteAsync(TResponse message, CancellationToken cancellationToken) => inner.WriteAsync(Answered(message), cancellationToken);

        private TResponse Answered(TResponse message)
        {
            if (message is IMessage response && requests.Last is IMessage request
                && response.Descriptor.FindFieldByName(OriginalRequestField) is { } field
                && field.Accessor.GetValue(response) is null)
            {
                field.Accessor.SetValue(response, request);
            }

            return message;
        }
    }
}
