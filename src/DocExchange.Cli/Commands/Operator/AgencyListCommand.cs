using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx agency list CODE [--recursive] [--include-inactive]</c>: the agencies below one (QCVN 102:2016 levels).</summary>
public static class AgencyListCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The parent agency code, e.g. 000.00.00.H41." });
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Every descendant, not only the direct children.", Arity = ArgumentArity.Zero };
        var inactive = new Option<bool>("--include-inactive") { Description = "Include deactivated agencies.", Arity = ArgumentArity.Zero };
        var command = new Command("list", "List the agencies registered below an agency.") { code, recursive, inactive };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string parent = context.Get(code)!;
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var agencies = new List<AgencyView>();
            await foreach (var agency in client.ListAllChildrenAsync(parent, context.Get(recursive), context.Get(inactive), cancellationToken).ConfigureAwait(false))
            {
                agencies.Add(AgencyView.From(agency));
            }
            if (context.Output.Json)
            {
                context.Output.WriteJson(agencies);
                return ExitCode.Ok;
            }
            if (agencies.Count == 0)
            {
                context.Output.Console.WriteLine($"No agency is registered below {parent}.");
                return ExitCode.Ok;
            }
            var table = new Table().AddColumns("Code", "Name", "Parent", "Active");
            foreach (var agency in agencies)
            {
                table.AddRow(TerminalText.Markup(agency.Code), TerminalText.Markup(agency.Name), TerminalText.Markup(agency.ParentCode ?? ""), agency.Active ? "yes" : "[red]no[/]");
            }
            context.Output.Console.Write(table);
            return ExitCode.Ok;
        });
        return command;
    }
}
