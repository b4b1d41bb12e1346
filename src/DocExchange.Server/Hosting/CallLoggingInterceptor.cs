using System.Diagnostics;
using Grpc.Core;
using DocExchange.Server.Authorization;
using DocExchange.Server.Identity;
using Microsoft.Extensions.Logging;
using Serilog;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Gives every call a correlation id (the client's x-correlation-id, or a new one), echoes it in the
/// response headers, puts it in the log scope of everything the call logs, and logs one line per call
/// with its method, caller, status and duration. Never logs message contents. The host's request logging
/// (<see cref="RequestLogging"/>) leaves these requests to this line.
/// </summary>
public sealed class CallLoggingInterceptor(ILogger<CallLoggingInterceptor> logger, IDiagnosticContext requestDiagnostics) : CallInterceptor
{
    public const string CorrelationIdHeader = "x-correlation-id";
    private const int MaxClientCorrelationIdLength = 64;

    public override async Task InterceptAsync(ServerCallContext context, Func<Task> next)
    {
        var correlationId = context.RequestHeaders.GetValue(CorrelationIdHeader) is { Length: > 0 and <= MaxClientCorrelationIdLength } given
            && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Guid.NewGuid().ToString("N");
        context.GetHttpContext().Response.Headers[CorrelationIdHeader] = correlationId;
        requestDiagnostics.Set(RequestLogging.LoggedAsCallProperty, true);

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId, ["GrpcMethod"] = context.Method });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (RpcException) when (context.IsCountedRefusal())
        {
            // One of a run of refusals: RefusalAudit logs one line for the run.
            throw;
        }
        catch (RpcException e)
        {
            Log(context, e.Status.StatusCode, started, e.Status.Detail);
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away or the deadline passed; the transport reports which.
            Log(context, context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled, started, null);
            throw;
        }
        catch (Exception)
        {
            // The transport turns it into a status and logs the exception itself.
            Log(context, StatusCode.Unknown, started, "unhandled exception");
            throw;
        }

        Log(context, context.Status.StatusCode, started, context.Status.Detail);
    }

    private void Log(ServerCallContext context, StatusCode status, long started, string? detail)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var level = status is StatusCode.OK or StatusCode.Cancelled or StatusCode.DeadlineExceeded ? LogLevel.Information : LogLevel.Warning;
        logger.Log(level, "gRPC {GrpcMethod} by {Caller} from {Peer} ended {GrpcStatus} in {ElapsedMs:0.0} ms {Detail}",
            context.Method, context.Caller().ToString(), context.Peer, status, elapsed, detail ?? string.Empty);
    }
}
