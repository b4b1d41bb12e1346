using System.CommandLine;
using DocExchange.Cli.Commands.Operator;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx agency …</c>: agency identifier codes (clerks), and the registry of agencies (operators).</summary>
public static class AgencyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("agency", "Agency identifier codes (QCVN 102:2016, e.g. 000.00.18.G12) and the registry of agencies.");
        command.Add(AgencyCheckCommand.Create(globals));
        // Operators
        command.Add(AgencyAddCommand.Create(globals));
        command.Add(AgencyShowCommand.Create(globals));
        command.Add(AgencyListCommand.Create(globals));
        command.Add(AgencyUpdateCommand.Create(globals));
        command.Add(AgencyDeactivateCommand.Create(globals));
        return command;
    }
}
