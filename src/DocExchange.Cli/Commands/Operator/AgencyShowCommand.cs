using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx agency show CODE</c>: a registered agency: name, parent, state, contact, trusted CAs.</summary>
public static class AgencyShowCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The agency code." });
        var command = new Command("show", "Show a registered agency.") { code };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var agency = await client.GetAgencyAsync(context.Get(code)!, cancellationToken).ConfigureAwait(false);
            AgencyDisplay.Write(context.Output, AgencyView.From(agency));
            return ExitCode.Ok;
        });
        return command;
    }
}
