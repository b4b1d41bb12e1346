using System.Runtime.CompilerServices;
using Grpc.Core;
using Google.Protobuf;
using Polly;
using Polly.Retry;

namespace DocExchange.Client.Transport;

/// <summary>
/// Runs calls for the client: request headers, per-attempt deadlines, retries of transient failures (Polly),
/// reconnection of endless streams, and the translation of failures into <see cref="DocExchangeException"/>.
/// Every service's methods go through it, so a new service (signing, audit) only adds its own calls.
/// </summary>
internal sealed class CallRunner
{
    private static readonly ResiliencePropertyKey<CallPolicy> PolicyKey = new("docexchange.call-policy");

    private readonly DocExchangeClientOptions _options;
    private readonly Metadata? _headers;
    private readonly Backoff _backoff;
    private readonly ResiliencePipeline _retries;

    public CallRunner(CallInvoker invoker, DocExchangeClientOptions options)
    {
        Invoker = invoker;
        _options = options;
        _backoff = new Backoff(options.Retry);
        if (options.DevelopmentCaller is { } caller)
        {
            _headers = new Metadata { { "x-docexchange-dev-caller", caller } };
        }

        _retries = options.Retry.MaxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is RpcException failure
                    && args.Context.Properties.TryGetValue(PolicyKey, out var policy)
                    && TransientFailures.IsRetryable(failure, policy.Safety)
                    && policy.CanRetry()),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(_backoff.Delay(args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is RpcException failure && args.Context.Properties.TryGetValue(PolicyKey, out var policy))
                    {
                        ReportRetry(policy.Telemetry, policy.Operation, args.AttemptNumber + 1, failure, args.RetryDelay);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public CallInvoker Invoker { get; }

    public DocExchangeClientOptions Options => _options;

    /// <summary>Options of one attempt: the headers, a deadline <paramref name="timeout"/> from now (none when null), the token.</summary>
    public CallOptions CallOptions(TimeSpan? timeout, CancellationToken cancellationToken) =>
        new(_headers, timeout is { } t ? DateTime.UtcNow + t : null, cancellationToken);

    /// <summary>A unary call with the default deadline per attempt, retried as its safety allows.</summary>
    public Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallSafety safety, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        ExecuteAsync(method.Name, safety, static () => true, async token =>
        {
            OperationTelemetry.Current?.Identify(request);
            return await Invoker.AsyncUnaryCall(method, null, CallOptions(_options.Timeout, token), request).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="attempt"/> until it succeeds, fails for good, or runs out of attempts; retries only
    /// failures that <paramref name="safety"/> allows, and only while <paramref name="canRetry"/> holds. The whole is one
    /// operation span (<see cref="OperationTelemetry.Current"/> in <paramref name="attempt"/>), each retry an event of it.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        string operation, CallSafety safety, Func<bool> canRetry, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var telemetry = OperationTelemetry.Start(operation);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(PolicyKey, new CallPolicy(operation, safety, canRetry, telemetry));
        try
        {
            var result = await _retries.ExecuteAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        return await state(ctx.CancellationToken).ConfigureAwait(false);
                    }
                    catch (RpcException failure) when (Normalized(failure, ctx.CancellationToken) is { } normalized && normalized != failure)
                    {
                        throw normalized;
                    }
                },
                context,
                attempt).ConfigureAwait(false);
            telemetry.Succeeded();
            return result;
        }
        catch (RpcException failure)
        {
            var translated = Translate(failure, operation, cancellationToken);
            telemetry.Failed(translated);
            throw translated;
        }
        catch (Exception failure)
        {
            telemetry.Failed(failure);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// An endless server stream that reconnects after a dropped connection: <paramref name="nextRequest"/> is asked
    /// for the request of each (re)connection, so it can carry the last cursor seen. Ends only by cancellation or
    /// by a failure that is not a dropped connection (or too many reconnections in a row).
    /// </summary>
    public async IAsyncEnumerable<TResponse> ResumableStreamAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, Func<TRequest> nextRequest, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var failuresInARow = 0;
        while (true)
        {
            RpcException? failure = null;
            // One span per connection: an endless stream as a single span would never end.
            var connection = OperationTelemetry.StartConnection(method.Name);
            try
            {
                using (var call = Invoker.AsyncServerStreamingCall(method, null, CallOptions(null, cancellationToken), nextRequest()))
                {
                    while (true)
                    {
                        bool received;
                        try
                        {
                            received = await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false);
                        }
                        catch (RpcException ex)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            failure = Normalized(ex, cancellationToken);
                            break;
                        }

                        if (!received)
                        {
                            break;
                        }

                        failuresInARow = 0;
                        yield return call.ResponseStream.Current;
                    }
                }

                // An endless stream that ends with OK was closed by the server (e.g. a restart): reconnect as after a drop.
                failure ??= new RpcException(new Status(StatusCode.Unavailable, "The server ended the stream."));
                if (!TransientFailures.IsResumable(failure))
                {
                    var translated = Translate(failure, method.Name, cancellationToken);
                    connection.Failed(translated);
                    throw translated;
                }

                failuresInARow++;
                if (_options.Retry.MaxStreamReconnectAttempts is { } max && failuresInARow > max)
                {
                    var gaveUp = new DocExchangeException(failure.StatusCode,
                        $"gave up after {max} reconnections in a row: {Describe(failure)}", method.Name, failure);
                    connection.Failed(gaveUp);
                    throw gaveUp;
                }

                var delay = _backoff.Delay(failuresInARow);
                ReportRetry(connection, method.Name, failuresInARow, failure, delay);
                connection.Failed(failure);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Unless completed above: the caller's cancellation, or the consumer leaving the loop (an end, not an error).
                if (cancellationToken.IsCancellationRequested)
                {
                    connection.Failed(new OperationCanceledException(cancellationToken));
                }

                connection.Succeeded();
            }
        }
    }

    /// <summary>The caller's cancellation as itself; anything else as a <see cref="DocExchangeException"/>.</summary>
    public static Exception Translate(RpcException failure, string operation, CancellationToken cancellationToken)
    {
        if (failure.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return new OperationCanceledException($"{operation} was cancelled.", failure, cancellationToken);
        }

        return DocExchangeException.FromRpc(failure, operation);
    }

    /// <summary>
    /// Connection failures as UNAVAILABLE, whatever status the transport gave them: a call cancelled on a lost
    /// connection, a connection given up by its keep-alive ping, and a connection that could not be set up at all
    /// (Grpc.Net.Client reports a failed TLS handshake as INTERNAL). The original exception stays the status's debug
    /// exception, which the retry rules look into.
    /// </summary>
    private static RpcException Normalized(RpcException failure, CancellationToken cancellationToken)
    {
        if (IsLostConnection(failure, cancellationToken)
            || (failure.StatusCode != StatusCode.Unavailable && TransientFailures.IsBrokenTransport(failure)))
        {
            return AsUnavailable(failure);
        }

        return failure.StatusCode != StatusCode.Unavailable && TransientFailures.IsConnectionSetupFailure(failure)
            ? new RpcException(new Status(StatusCode.Unavailable, $"the connection could not be set up ({Describe(failure)})", failure.Status.DebugException), failure.Trailers)
            : failure;
    }

    /// <summary>
    /// A call cancelled although the caller did not cancel it: the transport gave up on a connection that was
    /// lost (e.g. reset while the request was being sent).
    /// </summary>
    private static bool IsLostConnection(RpcException failure, CancellationToken cancellationToken) =>
        failure.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested;

    private static RpcException AsUnavailable(RpcException failure) =>
        new(new Status(StatusCode.Unavailable, $"the connection was lost ({Describe(failure)})", failure.Status.DebugException), failure.Trailers);

    private void ReportRetry(OperationTelemetry telemetry, string operation, int attempt, RpcException failure, TimeSpan delay)
    {
        telemetry.Retrying(attempt, failure.StatusCode, delay);
        _options.Retry.OnRetry?.Invoke(new RetryAttempt(operation, attempt, failure.StatusCode, Describe(failure), delay));
    }

    private static string Describe(RpcException failure) =>
        failure.Status.Detail.Length > 0 ? failure.Status.Detail : failure.Message;

    private sealed record CallPolicy(string Operation, CallSafety Safety, Func<bool> CanRetry, OperationTelemetry Telemetry);
}
