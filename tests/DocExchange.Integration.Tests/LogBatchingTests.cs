using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;
using DocExchange.Protocol.V1;
using DocExchange.Server.Hosting;
using DocExchange.Server.Hosting.Logging;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The server's logs are written in batches by one background consumer: no line is lost, lines reach the file while
/// the server runs, a batch goes out in a few writes rather than one per line, and the lines keep their formats.
/// </summary>
[Collection(LogBatchingCollection.Name)]
public sealed class LogBatchingTests
{
    private const int Burst = 300;

    [Fact]
    public async Task A_calls_line_reaches_the_log_file_within_a_second_while_the_server_runs()
    {
        await using var server = await TestServer.StartAsync();
        var logDirectory = Path.Combine(server.DataDirectory, "logs");
        await server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.ListChildren,
            new ListChildrenRequest { Code = TestServer.G22 }, new(headers: new Metadata { { "x-correlation-id", "while-running-1" } }));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!CallLines(ReadLinesSharing(logDirectory)).Any(l => CorrelationId(l) == "while-running-1"))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(1), "the call's line did not reach the log file within 1 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Every_line_of_a_burst_of_calls_is_in_the_log_file_in_its_json_shape_once_the_server_has_stopped_gracefully()
    {
        var ids = Enumerable.Range(0, Burst).Select(i => $"burst-{i}").ToHashSet();
        await using var server = await TestServer.StartAsync("--DocExchange:Abuse:CallsPerSecond=100000", "--DocExchange:Abuse:CallBurst=100000");
        var logDirectory = Path.Combine(server.DataDirectory, "logs");
        var invoker = server.Operator();
        await Task.WhenAll(ids.Select(id => invoker.UnaryAsync(Protocol.V1.Registry.Methods.ListChildren,
            new ListChildrenRequest { Code = TestServer.G22 }, new(headers: new Metadata { { "x-correlation-id", id } }))));

        await server.Server.DisposeAsync();

        var lines = CallLines(ReadLinesSharing(logDirectory)).Where(l => ids.Contains(CorrelationId(l))).ToList();
        Assert.Equal(ids.Order(), lines.Select(CorrelationId).Order());
        foreach (var line in lines)
        {
            Assert.Equal("Information", line.GetProperty("Level").GetString());
            Assert.Equal("gRPC {GrpcMethod} by {Caller} from {Peer} ended {GrpcStatus} in {ElapsedMs:0.0} ms {Detail}", line.GetProperty("MessageTemplate").GetString());
            Assert.StartsWith($"gRPC \"{Protocol.V1.Registry.Methods.ListChildren.FullName}\" by \"operator\"", line.GetProperty("RenderedMessage").GetString(), StringComparison.Ordinal);
            var properties = line.GetProperty("Properties");
            Assert.Equal(Protocol.V1.Registry.Methods.ListChildren.FullName, properties.GetProperty("GrpcMethod").GetString());
            Assert.Equal("operator", properties.GetProperty("Caller").GetString());
            Assert.Equal("OK", properties.GetProperty("GrpcStatus").GetString());
            Assert.True(properties.GetProperty("ElapsedMs").GetDouble() >= 0);
            Assert.StartsWith("ipv4:127.0.0.1:", properties.GetProperty("Peer").GetString(), StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse(line.GetProperty("Timestamp").GetString(), CultureInfo.InvariantCulture, out _));
        }
    }

    [Fact]
    public void Two_thousand_log_lines_reach_the_console_and_the_file_in_far_fewer_writes_than_lines()
    {
        const int events = 2_000;
        using var directory = new TempDirectory();
        var writesBefore = WriteSystemCalls();
        var logger = SerilogSetup.CreateLogger(new ConfigurationBuilder().Build(), directory.Path);
        for (var i = 0; i < events; i++)
        {
            logger.Information("Line {Number} of a burst", i);
        }

        logger.Dispose();
        var writes = WriteSystemCalls() - writesBefore;

        var numbers = ReadLinesSharing(directory.Path).Select(l => l.GetProperty("Properties").GetProperty("Number").GetInt32());
        Assert.Equal(Enumerable.Range(0, events), numbers);
        // A line at a time, the console and the file would take a write each: 4,000 writes.
        Assert.True(writes < events / 10, $"{writes} write system calls for {events} lines on the console and in the file");
    }

    [Fact]
    public void Console_lines_read_as_the_console_sink_writes_them_to_a_redirected_output()
    {
        var failure = Thrown("the disk is full");
        LogEvent[] events =
        [
            Event(LogEventLevel.Information, null, "gRPC {GrpcMethod} by {Caller} from {Peer} ended {GrpcStatus} in {ElapsedMs:0.0} ms {Detail}",
                ("GrpcMethod", "/docexchange.v1.Registry/ListChildren"), ("Caller", "000.00.00.G22"), ("Peer", "ipv4:127.0.0.1:5000"),
                ("GrpcStatus", StatusCode.PermissionDenied), ("ElapsedMs", 1.25), ("Detail", "not \"yours\""), ("CorrelationId", "abc-1")),
            Event(LogEventLevel.Warning, failure, "Integrating {Count} audit events failed for {Agencies}",
                ("Count", 3), ("Agencies", new[] { "G22", "H41" })),
            Event(LogEventLevel.Error, null, "Nothing with {Missing} property", ("Present", 1.5m)),
        ];

        using var batched = new MemoryStream();
        using (var output = ConsoleLogOutput.ToStream(batched, SerilogSetup.ConsoleTemplate, CultureInfo.InvariantCulture))
        {
            foreach (var logEvent in events)
            {
                output.Write(logEvent);
            }

            output.Flush();
        }

        // The judge: Serilog's console sink with the theme it applies when the output is redirected.
        var original = Console.Out;
        var judged = new StringWriter();
        Console.SetOut(judged);
        try
        {
            using var sink = new LoggerConfiguration().MinimumLevel.Verbose()
                .WriteTo.Console(outputTemplate: SerilogSetup.ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture, theme: ConsoleTheme.None)
                .CreateLogger();
            foreach (var logEvent in events)
            {
                sink.Write(logEvent);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(judged.ToString(), Encoding.UTF8.GetString(batched.ToArray()));
    }

    private static LogEvent Event(LogEventLevel level, Exception? exception, string template, params (string Name, object Value)[] properties)
    {
        using var logger = new LoggerConfiguration().CreateLogger();
        Assert.True(logger.BindMessageTemplate(template, properties.Where(p => template.Contains("{" + p.Name, StringComparison.Ordinal)).Select(p => p.Value).ToArray(),
            out var parsed, out var bound));
        var all = bound.ToList();
        foreach (var (name, value) in properties.Where(p => !template.Contains("{" + p.Name, StringComparison.Ordinal)))
        {
            Assert.True(logger.BindProperty(name, value, destructureObjects: false, out var property));
            all.Add(property);
        }

        return new LogEvent(new DateTimeOffset(2026, 12, 6, 7, 8, 9, TimeSpan.Zero), level, exception, parsed, all);
    }

    /// <summary>An exception with a stack trace, as a logged one has.</summary>
    private static InvalidOperationException Thrown(string message)
    {
        try
        {
            throw new InvalidOperationException(message);
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    /// <summary>The write system calls this process has made (Linux /proc/self/io).</summary>
    private static long WriteSystemCalls() =>
        long.Parse(File.ReadAllLines("/proc/self/io").Single(l => l.StartsWith("syscw:", StringComparison.Ordinal))["syscw:".Length..].Trim(), CultureInfo.InvariantCulture);

    private static IEnumerable<JsonElement> CallLines(IEnumerable<JsonElement> lines) =>
        lines.Where(l => l.GetProperty("MessageTemplate").GetString()!.StartsWith("gRPC ", StringComparison.Ordinal));

    private static string CorrelationId(JsonElement line) =>
        line.GetProperty("Properties").TryGetProperty("CorrelationId", out var id) ? id.GetString() ?? "" : "";

    /// <summary>The complete JSON lines of the day's log file, read while the server may still be writing it.</summary>
    private static List<JsonElement> ReadLinesSharing(string logDirectory)
    {
        // The file is created with the first line written to it.
        var file = Directory.Exists(logDirectory) ? Directory.GetFiles(logDirectory, "docexchange-*.log").SingleOrDefault() : null;
        if (file is null)
        {
            return [];
        }

        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}

/// <summary>Counts the process's write system calls and swaps the console: no other test may run meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogBatchingCollection
{
    public const string Name = "log batching";
}
