using System.CommandLine;
using System.CommandLine.Invocation;
using DocExchange.Cli.Commands.Auditor;
using DocExchange.Cli.Commands.Clerk;
using DocExchange.Cli.Commands.Common;
using DocExchange.Cli.Commands.Operator;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;

namespace DocExchange.Cli;

/// <summary>The <c>dx</c> command tree and its invocation: parse, map usage errors to exit 2, run, map failures.</summary>
public static class DxApplication
{
    public static RootCommand BuildRootCommand(GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var root = new RootCommand("dx: the DocExchange command-line tool for clerks, auditors and operators.");
        foreach (var option in globals.All)
        {
            root.Add(option);
        }
        // Clerks
        root.Add(SendCommand.Create(globals));
        root.Add(InboxCommand.Create(globals));
        root.Add(FetchCommand.Create(globals));
        root.Add(AckCommand.Create(globals));
        root.Add(StatusCommand.Create(globals));
        root.Add(RecallCommand.Create(globals));
        root.Add(ListCommand.Create(globals));
        // Clerks (codes) and operators (registry)
        root.Add(AgencyCommand.Create(globals));
        root.Add(SignCommand.Create(globals));
        root.Add(FieldsCommand.Create(globals));
        root.Add(SealCommand.Create(globals));
        root.Add(VerifyCommand.Create(globals));
        root.Add(EdxmlCommand.Create(globals));
        // Auditors
        root.Add(AuditCommand.Create(globals));
        // Operators
        root.Add(CaCommand.Create(globals));
        root.Add(CrlCommand.Create(globals));
        root.Add(CertsCommand.Create(globals));
        // Everyone
        root.Add(ProfileCommand.Create(globals));
        root.Add(CompletionCommand.Create(globals));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var globals = new GlobalOptions();
        var root = BuildRootCommand(globals);
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            // Program.cs turns SIGINT/SIGTERM into cancelling cancellationToken: one mechanism only.
            ProcessTerminationTimeout = null,
        };

        if (parseResult.Action is ParseErrorAction)
        {
            return (int)(IsBareCommandGroup(parseResult)
                ? ShowHelp(root, parseResult.CommandResult.Command, configuration)
                : ReportUsageErrors(parseResult, error));
        }
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var cliOutput = new CliOutput(output, error, json: false, verbose: args.Contains("--verbose") || args.Contains("-v"));
            return (int)DxAction.Report(e, cliOutput);
        }
    }

    /// <summary>A command group given without its subcommand (plain "dx" or "dx audit"): its help is the best answer.</summary>
    private static bool IsBareCommandGroup(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        return command.Action is null && command.Subcommands.Count > 0
            && parseResult.UnmatchedTokens.Count == 0 && parseResult.Errors.Count == 1;
    }

    private static ExitCode ReportUsageErrors(ParseResult parseResult, TextWriter error)
    {
        foreach (var parseError in parseResult.Errors)
        {
            error.WriteLine($"dx: error: {parseError.Message}");
        }
        error.WriteLine($"Run '{CommandPath(parseResult.CommandResult.Command)} --help' for usage.");
        error.Flush();
        return ExitCode.Usage;
    }

    private static ExitCode ShowHelp(RootCommand root, Command command, InvocationConfiguration configuration)
    {
        var path = CommandPath(command).Split(' ').Skip(1).Append("--help").ToArray();
        root.Parse(path).Invoke(configuration);
        configuration.Output.Flush();
        return ExitCode.Usage;
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is not null; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Add(symbol is RootCommand ? "dx" : symbol.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
