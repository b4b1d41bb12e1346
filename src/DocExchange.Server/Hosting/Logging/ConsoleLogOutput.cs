using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Sinks.SystemConsole.Themes;

namespace DocExchange.Server.Hosting.Logging;

/// <summary>
/// Log lines on standard output. Redirected (a service, a container, a pipe), a batch's lines go out in one write;
/// on a terminal, Serilog's console sink writes them with its colours, a line at a time.
/// </summary>
public static class ConsoleLogOutput
{
    public static IBatchedLogOutput Create(string outputTemplate, IFormatProvider formatProvider) =>
        Console.IsOutputRedirected
            ? ToStream(Console.OpenStandardOutput(), outputTemplate, formatProvider)
            : new Terminal(Serilog.Configuration.LoggerSinkConfiguration.CreateSink(sinks => sinks.Console(outputTemplate: outputTemplate, formatProvider: formatProvider)));

    /// <summary>The lines, as the console sink renders them without colours, written to <paramref name="output"/> a batch at a time.</summary>
    public static IBatchedLogOutput ToStream(Stream output, string outputTemplate, IFormatProvider formatProvider) =>
        new Redirected(output, ConsoleSinkRenderer(outputTemplate, formatProvider));

    /// <summary>
    /// The console sink's own renderer, with the theme it applies to a redirected output. Serilog.Sinks.Console does not
    /// expose it, and Serilog's MessageTemplateTextFormatter renders some values differently (an enum in the message is
    /// quoted, for one), so the lines would change. A version of the sink without it fails at start-up, and
    /// LogBatchingTests compares the two sinks' lines.
    /// </summary>
    private static ITextFormatter ConsoleSinkRenderer(string outputTemplate, IFormatProvider formatProvider)
    {
        var renderer = typeof(ConsoleTheme).Assembly.GetType("Serilog.Sinks.SystemConsole.Output.OutputTemplateRenderer", throwOnError: true)!;
        return (ITextFormatter)Activator.CreateInstance(renderer, [ConsoleTheme.None, outputTemplate, formatProvider])!;
    }

    private sealed class Redirected(Stream stream, ITextFormatter formatter) : IBatchedLogOutput
    {
        private readonly StreamWriter _output = new(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024);

        public void Write(LogEvent logEvent) => formatter.Format(logEvent, _output);

        public void Flush() => _output.Flush();

        public void Dispose() => _output.Dispose();

        public override string ToString() => "the console";
    }

    private sealed class Terminal(ILogEventSink sink) : IBatchedLogOutput
    {
        public void Write(LogEvent logEvent) => sink.Emit(logEvent);

        public void Flush()
        {
            // The console sink flushes every line itself.
        }

        public void Dispose() => (sink as IDisposable)?.Dispose();

        public override string ToString() => "the console";
    }
}
