using System.CommandLine;
using DocExchange.Cli.Output;

namespace DocExchange.Cli.Hosting;

/// <summary>
/// Binds a command to its implementation: builds the <see cref="CommandContext"/>, runs it, and turns
/// exceptions into one error line and an <see cref="ExitCode"/> (with the stack trace only under <c>--verbose</c>).
/// </summary>
public static class DxAction
{
    public static void Set(Command command, GlobalOptions globals, Func<CommandContext, CancellationToken, Task<ExitCode>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(globals);
        ArgumentNullException.ThrowIfNull(run);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = new CliOutput(
                parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error,
                parseResult.GetValue(globals.Json),
                parseResult.GetValue(globals.Verbose));
            try
            {
                return (int)await run(new CommandContext(parseResult, globals, output), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return (int)Report(e, output);
            }
        });
    }

    internal static ExitCode Report(Exception exception, CliOutput output)
    {
        var (exitCode, message) = ErrorClassifier.Classify(exception);
        output.Error(message);
        if (exception is not DxException || exception.InnerException is not null)
        {
            output.Detail(exception.ToString());
        }
        return exitCode;
    }
}
