using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary><c>dx audit …</c>: the tamper-evident audit trail.</summary>
public static class AuditCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("audit", "Query, export and verify the tamper-evident audit trail (RFC 9162 Merkle log, signed checkpoints).");
        command.Add(AuditVerifyCommand.Create(globals));
        command.Add(AuditQueryCommand.Create(globals));
        command.Add(AuditExportCommand.Create(globals));
        command.Add(AuditProofCommand.Create(globals));
        command.Add(AuditKeyCommand.Create(globals));
        return command;
    }
}
