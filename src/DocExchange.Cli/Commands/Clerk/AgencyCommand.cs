using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx agency …</c>: agency identifier codes.</summary>
public static class AgencyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("agency", "Agency identifier codes (QCVN 102:2016, e.g. 000.00.18.G12).");
        command.Add(AgencyCheckCommand.Create(globals));
        return command;
    }
}
