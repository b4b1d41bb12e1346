using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx edxml …</c>: edXML packages (QCVN 102:2016) of the national document-exchange axis (docs/EDXML.md).</summary>
public static class EdxmlCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("edxml", "edXML packages (QCVN 102:2016), the format of the national document-exchange axis.");
        command.Add(EdxmlInspectCommand.Create(globals));
        command.Add(EdxmlImportCommand.Create(globals));
        command.Add(EdxmlExportCommand.Create(globals));
        return command;
    }
}
