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
/// with its method, caller, status and duration. Never logs message contents. A call the client cancelled, whose
/// connection dropped or whose deadline passed is an ordinary end, not a fault: it is ended and logged as CANCELLED
/// (or DEADLINE_EXCEEDED), without the exception its interrupted read or write threw.
/// The host's request logging (<see cref="RequestLogging"/>) leaves these requests to this line.
/// </summary>
public sealed class CallLoggingInterceptor(ILogger<CallLoggingInterceptor> logger, IDiagnosticContext requestDiagnostics) : CallInterceptor
{
    public const string CorrelationIdHeader = "x-correlation-id";
    private const int MaxClientCorrelationIdLength = 64;
    private static readonly TimeSpan AbortSignalWait = TimeSpan.FromSeconds(1);

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
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            if (!await CallAbortedAsync(context).ConfigureAwait(false))
            {
                Log(context, StatusCode.Unknown, started, "unhandled exception");
                throw;
            }

            // The client cancelled, its connection dropped, or the deadline passed: an ordinary end of the call, whose
            // status the client has already chosen. Ended here as CANCELLED (or DEADLINE_EXCEEDED), so that the
            // transport does not log it as a handler fault.
            var status = context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;
            Log(context, status, started, null);
            throw new RpcException(new Status(status, status == StatusCode.Cancelled ? "The call was cancelled by the client or its connection was lost." : "The deadline passed."));
        }
        catch (Exception)
        {
            // The transport turns it into a status and logs the exception itself.
            Log(context, StatusCode.Unknown, started, "unhandled exception");
            throw;
        }

        Log(context, context.Status.StatusCode, started, context.Status.Detail);
    }

    /// <summary>
    /// Whether the call was aborted (client reset, connection lost, deadline). Kestrel fails the request stream before
    /// it signals the call's token, from another thread, so a failed read may be seen a moment before the token.
    /// </summary>
    private static async Task<bool> CallAbortedAsync(ServerCallContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
        {
            return true;
        }

        try
        {
            await Task.Delay(AbortSignalWait, context.CancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private void Log(ServerCallContext context, StatusCode status, long started, string? detail)
    {
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var level = status is StatusCode.OK or StatusCode.Cancelled or StatusCode.DeadlineExceeded ? LogLevel.Information : LogLevel.Warning;
        logger.Log(level, "gRPC {GrpcMethod} by {Caller} from {Peer} ended {GrpcStatus} in {ElapsedMs:0.0} ms {Detail}",
            context.Method, context.Caller().ToString(), context.Peer, status, elapsed, detail ?? string.Empty);
    }
}
