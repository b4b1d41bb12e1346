using Microsoft.AspNetCore.Http.Features;
using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Serilog's request logging, for the HTTP requests that never become a logged gRPC call: a request to an unknown
/// service or method, or with another content type than gRPC's. A gRPC call already has its one line from
/// <see cref="CallLog"/> (with the gRPC status the HTTP status hides, and refusal floods counted
/// rather than logged one by one), which marks the request so that it is not logged twice. These lines are at Debug
/// level, so that stray requests cannot flood the log unless an operator asks to see them; a request that fails with an
/// exception is logged at Error. The marked requests are dropped by the logger (<see cref="SerilogSetup"/>).
/// </summary>
public static class RequestLogging
{
    /// <summary>Set in the request's diagnostic context by the call logging: the request is logged as a call.</summary>
    public const string LoggedAsCallProperty = "LoggedAsCall";

    public static IApplicationBuilder UseDocExchangeRequestLogging(this IApplicationBuilder app, Serilog.ILogger logger) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.MessageTemplate = "HTTP {RequestProtocol} {RequestMethod} {RequestPath} ({ContentType}) from {Peer} responded {StatusCode} {GrpcStatus} in {Elapsed:0.0} ms";
            options.GetLevel = (_, _, exception) => exception is null ? LogEventLevel.Debug : LogEventLevel.Error;
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RequestProtocol", http.Request.Protocol);
                diagnostics.Set("ContentType", http.Request.ContentType ?? string.Empty);
                diagnostics.Set("Peer", http.Connection.RemoteIpAddress?.ToString() ?? string.Empty);
                diagnostics.Set("GrpcStatus", http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString() is { Length: > 0 } status
                    ? "grpc-status " + status
                    : http.Response.Headers["grpc-status"].ToString() is { Length: > 0 } trailersOnly ? "grpc-status " + trailersOnly : string.Empty);
            };
        });

    /// <summary>A request line for a request already logged as a call; the logger drops it.</summary>
    public static bool IsLoggedAsCall(LogEvent logEvent) => logEvent.Properties.ContainsKey(LoggedAsCallProperty);
}
