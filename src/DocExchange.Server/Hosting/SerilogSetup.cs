using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace DocExchange.Server.Hosting;

/// <summary>Structured logs: readable lines on the console, JSON lines in a daily rolling file.</summary>
public static class SerilogSetup
{
    private const string ConsoleTemplate =
        "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}";

    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration, string logDirectory) =>
        new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // grpc-dotnet logs at Information every status a handler raises, and, with its stack trace, every read a client
            // ended ("Error reading message."): each call already has its own line (CallLoggingInterceptor), and its
            // faults are logged at Warning or above.
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(RequestLogging.IsLoggedAsCall)
            // Formatted and written by one background worker, not by the calls that log: each call's line would
            // otherwise cost its thread a console and a file write under the sinks' locks. The queue blocks rather
            // than drops when full, and disposing the logger (when the host stops) writes out what is queued.
            .WriteTo.Async(sinks =>
            {
                sinks.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                sinks.File(
                    new JsonFormatter(renderMessage: true),
                    Path.Combine(logDirectory, "docexchange-.log"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 31);
            }, blockWhenFull: true)
            .CreateLogger();
}
