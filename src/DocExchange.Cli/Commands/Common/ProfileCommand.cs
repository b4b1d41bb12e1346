using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Common;

/// <summary><c>dx profile …</c>: named connection settings in the configuration file.</summary>
public static class ProfileCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("profile", "Save and show connection settings (server, client certificate, trust root) as named profiles.");
        command.Add(ProfileSetCommand.Create(globals));
        command.Add(ProfileShowCommand.Create(globals));
        command.Add(ProfileListCommand.Create(globals));
        return command;
    }
}
