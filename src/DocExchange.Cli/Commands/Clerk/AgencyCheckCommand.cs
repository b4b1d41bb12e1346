using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Validation;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx agency check CODE…</c>: checks recipient codes before a send and shows their levels. A malformed code
/// is a usage error (exit 2) like anywhere else a code is taken.
/// </summary>
public static class AgencyCheckCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var codes = AgencyCodes.Validated(new Argument<string[]>("code")
        {
            Description = "One or more agency codes, e.g. 000.00.18.G12 000.00.00.H41.",
            Arity = ArgumentArity.OneOrMore,
        });
        var command = new Command("check", "Check that agency codes are well formed and show their levels.") { codes };
        DxAction.Set(command, globals, (context, _) => Task.FromResult(Run(context, context.Get(codes) ?? [])));
        return command;
    }

    private static ExitCode Run(CommandContext context, string[] codes)
    {
        // Well formed by now (the argument validator); split by QCVN 102 levels, lowest on the left.
        var checkedCodes = codes.Select(code =>
        {
            string[] parts = code.Split('.');
            return new CheckedAgencyCode(code, WellFormed: true, Level1: parts[3], Level2: parts[2], Level3: parts[1], Level4: parts[0]);
        }).ToList();

        if (context.Output.Json)
        {
            context.Output.WriteJson(checkedCodes);
            return ExitCode.Ok;
        }
        var table = new Table().AddColumns("", "Code", "Level 1 (Xnn)", "Level 2 (BB)", "Level 3 (CC)", "Level 4 (DDD)");
        foreach (var code in checkedCodes)
        {
            table.AddRow("[green]✓[/]", TerminalText.Markup(code.Code), code.Level1, code.Level2, code.Level3, code.Level4);
        }
        context.Output.Console.Write(table);
        context.Output.Success(checkedCodes.Count == 1 ? "The agency code is well formed." : $"All {checkedCodes.Count} agency codes are well formed.");
        return ExitCode.Ok;
    }

    private sealed record CheckedAgencyCode(string Code, bool WellFormed, string Level1, string Level2, string Level3, string Level4);
}
