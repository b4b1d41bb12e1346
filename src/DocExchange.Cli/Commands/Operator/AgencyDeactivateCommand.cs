using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx agency deactivate CODE --reason …</c>: the agency can no longer send nor be sent to (operators only).</summary>
public static class AgencyDeactivateCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The agency code." });
        var reason = new Option<string>("--reason") { Description = "Why; recorded in the audit trail.", HelpName = "TEXT", Required = true };
        var command = new Command("deactivate", "Deactivate an agency: it can neither send nor be sent to; its documents stay readable.") { code, reason };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var agency = await client.DeactivateAgencyAsync(context.Get(code)!, context.Get(reason), cancellationToken).ConfigureAwait(false);
            context.Output.Success($"Deactivated {agency.Code} ({agency.Name}). 'dx agency update {agency.Code} --reactivate' undoes it.");
            AgencyDisplay.Write(context.Output, AgencyView.From(agency));
            return ExitCode.Ok;
        });
        return command;
    }
}
