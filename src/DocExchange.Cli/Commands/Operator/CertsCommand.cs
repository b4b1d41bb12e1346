using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx certs …</c>: certificates for demonstration and test deployments.</summary>
public static class CertsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("certs", "Certificates for demonstration and test deployments.");
        command.Add(CertsInitCommand.Create(globals));
        return command;
    }
}
