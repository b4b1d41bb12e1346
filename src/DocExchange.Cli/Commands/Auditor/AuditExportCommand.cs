using System.CommandLine;
using DocExchange.Audit;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary>
/// <c>dx audit export -o FILE</c>: the whole log as an export (docs/AUDIT-FORMAT.md §3) against a fresh signed
/// checkpoint, every event with its inclusion proof, for <c>dx audit verify --export FILE --key KEY</c> offline.
/// An export holds every event because the verifier recomputes the whole tree; to look at some events, use
/// <c>dx audit query</c>, and to check a document's events, <c>dx audit verify --online --document ID</c>.
/// </summary>
public static class AuditExportCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to write the export (JSON Lines); written under a temporary name, then moved into place.",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("export", "Export the whole audit log with inclusion proofs and a signed checkpoint, to verify offline.") { output };
        DxAction.Set(command, globals, (context, ct) => RunAsync(context, context.Get(output)!, ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, FileInfo target, CancellationToken ct)
    {
        await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
        Audit.Checkpoints.SignedCheckpoint checkpoint;
        await using (var file = OutputFile.Create(target.FullName))
        {
            checkpoint = await client.ExportAuditAsync(file.Stream, cancellationToken: ct).ConfigureAwait(false);
            await file.CommitAsync(ct).ConfigureAwait(false);
        }

        var summary = new ExportSummary(
            target.FullName,
            checkpoint.Checkpoint.TreeSize,
            Convert.ToBase64String(checkpoint.Checkpoint.RootHash),
            AuditTime.ToText(checkpoint.Checkpoint.Time),
            Convert.ToHexStringLower(checkpoint.KeyId));
        if (context.Output.Json)
        {
            context.Output.WriteJson(summary);
            return ExitCode.Ok;
        }
        context.Output.Success($"Exported {summary.Events} events with inclusion proofs to {summary.File}");
        context.Output.Console.WriteLine($"  checkpoint: size {summary.Events}, root {summary.RootHash}, taken {summary.CheckpointTime}, signed by key {summary.KeyId}");
        context.Output.Console.WriteLine($"  verify offline: dx audit verify --export {target.Name} --key AUDIT-KEY.pem (a key confirmed out of band, see 'dx audit key')");
        return ExitCode.Ok;
    }

    private sealed record ExportSummary(string File, long Events, string RootHash, string CheckpointTime, string KeyId);
}
