using System.Collections;
using System.Diagnostics;
using Grpc.Core;
using DocExchange.Server.Identity;
using Microsoft.Extensions.Logging;
using Serilog;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Gives every call a correlation id (the client's x-correlation-id, or a new one), echoes it in the
/// response headers, puts it in the log scope of everything the call logs, and logs one line per call
/// with its method, caller, status and duration. Never logs message contents. A call the client cancelled, whose
/// connection dropped or whose deadline passed is an ordinary end, not a fault: it is ended and logged as CANCELLED
/// (or DEADLINE_EXCEEDED), without the exception its interrupted read or write threw. Run first and around everything
/// else by <see cref="CallPipeline"/>, so that it sees every end of a call, refusals included.
/// The host's request logging (<see cref="RequestLogging"/>) leaves these requests to this line.
/// </summary>
public sealed class CallLog(ILogger<CallLog> logger, IDiagnosticContext requestDiagnostics)
{
    public const string CorrelationIdHeader = "x-correlation-id";
    private const int MaxClientCorrelationIdLength = 64;
    private static readonly TimeSpan AbortSignalWait = TimeSpan.FromSeconds(1);
    private static readonly object LoggedAsCall = true;

    // The call's line, its template parsed once. Event id 0 without a name, as the line has always been logged: the
    // source generator's [LoggerMessage] would add an EventId property to every line.
    private const string CallEndedTemplate = "gRPC {GrpcMethod} by {Caller} from {Peer} ended {GrpcStatus} in {ElapsedMs:0.0} ms {Detail}";
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, string, string, StatusCode, double, string, Exception?> CallEndedNormally =
        LoggerMessage.Define<string, string, string, StatusCode, double, string>(LogLevel.Information, default, CallEndedTemplate);
    private static readonly Action<Microsoft.Extensions.Logging.ILogger, string, string, string, StatusCode, double, string, Exception?> CallEndedWithFault =
        LoggerMessage.Define<string, string, string, StatusCode, double, string>(LogLevel.Warning, default, CallEndedTemplate);

    /// <summary>
    /// Starts the call's log: its correlation id in the response headers and in a log scope (the scope to dispose when
    /// the call has ended), and the time it started.
    /// </summary>
    public IDisposable? Begin(ServerCallContext context, out long started)
    {
        var http = context.GetHttpContext();
        // Read from the HTTP request, as context.RequestHeaders would give it, without building the call's whole Metadata.
        var correlationId = http.Request.Headers[CorrelationIdHeader].ToString() is { Length: > 0 and <= MaxClientCorrelationIdLength } given
            && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : CorrelationIds.Next();
        http.Response.Headers[CorrelationIdHeader] = correlationId;
        requestDiagnostics.Set(RequestLogging.LoggedAsCallProperty, LoggedAsCall);
        started = Stopwatch.GetTimestamp();
        return logger.BeginScope(new CallScope(correlationId, context.Method));
    }

    /// <summary>The call's one line: it ended with <paramref name="status"/>.</summary>
    public void Ended(ServerCallContext context, StatusCode status, long started, string? detail)
    {
        var line = status is StatusCode.OK or StatusCode.Cancelled or StatusCode.DeadlineExceeded ? CallEndedNormally : CallEndedWithFault;
        line(logger, context.Method, context.Caller().Name, context.Peer, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, detail ?? string.Empty, null);
    }

    /// <summary>
    /// The call failed with an interrupted read or write (an <see cref="OperationCanceledException"/> or
    /// <see cref="IOException"/>). When the client cancelled, its connection dropped or the deadline passed, an ordinary
    /// end of the call whose status the client has already chosen: logged, and returned, as CANCELLED (or
    /// DEADLINE_EXCEEDED) to end the call with, so that the transport does not log it as a handler fault. Otherwise a
    /// fault, logged as such: null, and the exception goes on.
    /// </summary>
    public async Task<RpcException?> EndedByInterruptionAsync(ServerCallContext context, long started)
    {
        if (!await CallAbortedAsync(context).ConfigureAwait(false))
        {
            Ended(context, StatusCode.Unknown, started, "unhandled exception");
            return null;
        }

        var status = context.Deadline <= DateTime.UtcNow ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;
        Ended(context, status, started, null);
        return new RpcException(new Status(status, status == StatusCode.Cancelled ? "The call was cancelled by the client or its connection was lost." : "The deadline passed."));
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

    /// <summary>
    /// The properties every line the call logs carries: two entries read in place, where a dictionary would allocate
    /// its buckets and entries on every call.
    /// </summary>
    private sealed class CallScope(string correlationId, string method) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 2;

        public KeyValuePair<string, object> this[int index] => index switch
        {
            0 => new("CorrelationId", correlationId),
            1 => new("GrpcMethod", method),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{correlationId} GrpcMethod:{method}";
    }
}
