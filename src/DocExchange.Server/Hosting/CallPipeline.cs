using DocExchange.Server.Authorization;
using DocExchange.Server.Identity;
using DocExchange.Server.Security;
using DocExchange.Server.Telemetry;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DocExchange.Server.Hosting;

/// <summary>
/// The one interceptor around every call, of every kind: it runs the server's per-call rules in this order, outermost
/// first.
/// <list type="number">
/// <item><see cref="CallLog"/>: the correlation id and the call's one log line, around everything, so that it sees
/// every end of a call, refusals included.</item>
/// <item><see cref="CallerIdentification"/>: who is calling, from the client certificate.</item>
/// <item><see cref="AbuseLimits"/>: the caller's rate and concurrency, before authorisation, so that a flood of
/// refused calls cannot flood the audit trail.</item>
/// <item><see cref="CallAuthorization"/>: refusals for who the caller is, each recorded in the audit trail, and the
/// handler's PERMISSION_DENIED and impersonation answers recorded likewise.</item>
/// <item><see cref="DomainErrorMapping"/>: the domain's exceptions as statuses, before authorisation sees them.</item>
/// <item><see cref="ReflectionOriginalRequest"/>: <c>original_request</c> in reflection answers.</item>
/// </list>
/// A call refused by the limits or by authorisation, before its handler ran, is also counted
/// (<see cref="ExchangeMetrics.CallRefused"/>).
/// The rules are plain collaborators; only this class orders them, in one async method per call, where an interceptor
/// each cost the call an async state machine and a delegate per rule. The checks before the handler complete
/// synchronously in the common case (a known certificate, a cached registry standing), so that the call's only
/// suspension is the handler's own.
/// </summary>
public sealed class CallPipeline(
    CallLog log, CallerIdentification identification, AbuseLimits limits, CallAuthorization authorization, DomainErrorMapping errors,
    ExchangeMetrics metrics) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        RunAsync<Unary<TRequest, TResponse>, TResponse>(context, new(request, continuation));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync<ClientStreaming<TRequest, TResponse>, TResponse>(context, new(requestStream, continuation));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync<ServerStreaming<TRequest, TResponse>, object>(context, new(request, responseStream, continuation));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        RunAsync<DuplexStreaming<TRequest, TResponse>, object>(context, new(requestStream, responseStream, continuation));

    /// <summary>
    /// The rules around <paramref name="handler"/>. Generic over the handler's kind, a struct, so that no delegate or
    /// closure is made per call to pass it in.
    /// </summary>
    private async Task<TResponse> RunAsync<THandler, TResponse>(ServerCallContext context, THandler handler)
        where THandler : struct, IHandler<TResponse>
    {
        using var scope = log.Begin(context, out var started);
        TResponse response;
        var admitted = false;
        try
        {
            await identification.EstablishAsync(context).ConfigureAwait(false);
            using var admission = limits.Admit(context);
            await authorization.AdmitAsync(context).ConfigureAwait(false);
            admitted = true;
            try
            {
                var running = handler.Start(context);
                await running.ConfigureAwait(false);
                response = handler.Response(running);
            }
            catch (Exception e)
            {
                // The handler's error, as a status where it is the domain's, then as authorisation records and answers it.
                var answer = await authorization.HandlerFailedAsync(context, errors.Map(context, e)).ConfigureAwait(false);
                if (ReferenceEquals(answer, e))
                {
                    throw;
                }

                throw answer;
            }
        }
        catch (RpcException e)
        {
            if (!admitted && RefusalReasons.Of(e, context.CancellationToken) is { } reason)
            {
                metrics.CallRefused(context.Method, reason);
            }

            // One of a run of refusals is not logged: RefusalAudit logs one line for the run.
            if (!context.IsCountedRefusal())
            {
                log.Ended(context, e.Status.StatusCode, started, e.Status.Detail);
            }

            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            if (await log.EndedByInterruptionAsync(context, started).ConfigureAwait(false) is not { } ended)
            {
                throw;
            }

            throw ended;
        }
        catch (Exception)
        {
            // The transport turns it into a status and logs the exception itself.
            log.Ended(context, StatusCode.Unknown, started, "unhandled exception");
            throw;
        }

        log.Ended(context, context.Status.StatusCode, started, context.Status.Detail);
        return response;
    }

    /// <summary>A call's handler, of one of the four kinds: started once, its response read once it has completed.</summary>
    private interface IHandler<out TResponse>
    {
        Task Start(ServerCallContext context);

        TResponse Response(Task completed);
    }

    private readonly struct Unary<TRequest, TResponse>(TRequest request, UnaryServerMethod<TRequest, TResponse> handler) : IHandler<TResponse>
        where TRequest : class where TResponse : class
    {
        public Task Start(ServerCallContext context) => handler(request, context);

        public TResponse Response(Task completed) => ((Task<TResponse>)completed).Result;
    }

    private readonly struct ClientStreaming<TRequest, TResponse>(IAsyncStreamReader<TRequest> requests, ClientStreamingServerMethod<TRequest, TResponse> handler)
        : IHandler<TResponse>
        where TRequest : class where TResponse : class
    {
        public Task Start(ServerCallContext context) => handler(requests, context);

        public TResponse Response(Task completed) => ((Task<TResponse>)completed).Result;
    }

    private readonly struct ServerStreaming<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responses, ServerStreamingServerMethod<TRequest, TResponse> handler) : IHandler<object>
        where TRequest : class where TResponse : class
    {
        public Task Start(ServerCallContext context) => handler(request, responses, context);

        public object Response(Task completed) => null!;
    }

    private readonly struct DuplexStreaming<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requests, IServerStreamWriter<TResponse> responses, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        : IHandler<object>
        where TRequest : class where TResponse : class
    {
        public Task Start(ServerCallContext context) => ReflectionOriginalRequest.Run(requests, responses, context, handler);

        public object Response(Task completed) => null!;
    }
}
