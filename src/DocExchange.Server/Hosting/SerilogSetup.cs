using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;
using DocExchange.Server.Hosting.Logging;

namespace DocExchange.Server.Hosting;

/// <summary>Structured logs: readable lines on the console, JSON lines in a daily rolling file.</summary>
public static class SerilogSetup
{
    public const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}";

    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration, string logDirectory) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // grpc-dotnet logs at Information every status a handler raises, and, with its stack trace, every read a client
            // ended ("Error reading message."): each call already has its own line (CallLog), and its
            // faults are logged at Warning or above.
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            // No Enrich.FromLogContext(): nothing pushes properties to Serilog's LogContext, and the log scopes (a call's
            // CorrelationId and GrpcMethod) reach every line through the logger provider; the enricher cost every line a
            // look-up.
            .Filter.ByExcluding(RequestLogging.IsLoggedAsCall)
            // Formatted and written in batches by one background consumer, not by the calls that log: each call's line
            // would otherwise cost its thread a console and a file write under the sinks' locks.
            .WriteTo.Sink(new BatchedLogSink(
            [
                ConsoleLogOutput.Create(ConsoleTemplate, System.Globalization.CultureInfo.InvariantCulture),
                new RollingLogFile(new JsonFormatter(renderMessage: true), Path.Combine(logDirectory, "docexchange-.log")),
            ]))
            .CreateLogger();
}
