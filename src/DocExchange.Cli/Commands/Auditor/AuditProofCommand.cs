using System.CommandLine;
using DocExchange.Cli.Auditing;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary>
/// <c>dx audit proof inclusion|consistency</c>: fetches a fresh signed checkpoint and an RFC 9162 proof from the server
/// and writes them as the auditor's files of docs/AUDIT-FORMAT.md §5, to be checked offline with <c>dx audit verify</c>
/// (or any verifier written from that document). Nothing is verified here: the files are the server's word until then.
/// </summary>
public static class AuditProofCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("proof", "Write a signed checkpoint with an inclusion or consistency proof from the server, to verify offline.");
        command.Add(Inclusion(globals));
        command.Add(Consistency(globals));
        return command;
    }

    private static Option<FileInfo> Output(string description) => new("--output", "-o") { Description = description, HelpName = "FILE", Required = true };

    private static Option<FileInfo> SaveCheckpoint() => new("--save-checkpoint")
    {
        Description = "Where to write the server's fresh signed checkpoint the proof is against (a checkpoint file).",
        HelpName = "FILE",
        Required = true,
    };

    private static Command Inclusion(GlobalOptions globals)
    {
        var sequence = new Option<long>("--sequence") { Description = "The event (leaf index) to prove.", HelpName = "N", Required = true };
        sequence.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--sequence must not be negative.");
            }
        });
        var output = Output("Where to write the inclusion proof (JSON, the event's leaf embedded byte for byte).");
        var checkpoint = SaveCheckpoint();
        var command = new Command("inclusion", "Write the proof that one event is in the log's signed tree, with that checkpoint.") { sequence, output, checkpoint };
        DxAction.Set(command, globals, async (context, ct) =>
        {
            long index = context.Get(sequence);
            await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
            var signed = (await client.GetCheckpointAsync(fresh: true, ct).ConfigureAwait(false)).ToAudit();
            long size = signed.Checkpoint.TreeSize;
            if (index >= size)
            {
                throw DxException.Rejected($"the log's signed tree has {size} events: there is no event {index} to prove yet.");
            }
            Protocol.V1.AuditEventEntry? entry = null;
            await foreach (var found in client.QueryEventsAsync(new AuditEventFilter { FromSequence = index, Limit = 1 }, includeProofs: true, size, ct).ConfigureAwait(false))
            {
                entry = found;
            }
            if (entry?.Inclusion is null || entry.Event.Sequence != index)
            {
                throw DxException.Rejected($"the server gave no event {index} with an inclusion proof in its tree of {size} events.");
            }
            await AuditFiles.WriteCheckpointAsync(context.Get(checkpoint)!.FullName, signed, ct).ConfigureAwait(false);
            await AuditFiles.WriteInclusionProofAsync(context.Get(output)!.FullName, entry.Leaf.ToByteArray(), entry.Inclusion.ToAudit(), ct).ConfigureAwait(false);
            return Report(context, new ProofSummary(context.Get(output)!.FullName, context.Get(checkpoint)!.FullName, size),
                $"dx audit verify --checkpoint {context.Get(checkpoint)!.Name} --inclusion {context.Get(output)!.Name} --key AUDIT-KEY.pem");
        });
        return command;
    }

    private static Command Consistency(GlobalOptions globals)
    {
        var from = ExistingFile.Required(new Option<FileInfo>("--from")
        {
            Description = "The checkpoint file kept earlier (e.g. by --save-checkpoint): the proof is from its tree size to the server's.",
            HelpName = "FILE",
            Required = true,
        });
        var output = Output("Where to write the consistency proof (JSON).");
        var checkpoint = SaveCheckpoint();
        var command = new Command("consistency", "Write the proof that the log's current signed tree extends a checkpoint kept earlier, with that checkpoint.") { from, output, checkpoint };
        DxAction.Set(command, globals, async (context, ct) =>
        {
            var earlier = await AuditFiles.ReadCheckpointAsync(context.Get(from)!.FullName, ct).ConfigureAwait(false);
            await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
            var signed = (await client.GetCheckpointAsync(fresh: true, ct).ConfigureAwait(false)).ToAudit();
            long first = earlier.Checkpoint.TreeSize, second = signed.Checkpoint.TreeSize;
            if (first > second)
            {
                throw DxException.Rejected($"the server's signed tree has {second} events, fewer than the {first} of {context.Get(from)!.Name}: the log lost events or shows another history.");
            }
            // RFC 9162 §2.1.4: from the empty tree, or between equal sizes, the proof is empty.
            var proof = first == 0 || first == second
                ? new Audit.Merkle.ConsistencyProof(first, second, [])
                : (await client.GetConsistencyProofAsync(first, second, ct).ConfigureAwait(false)).ToAudit();
            await AuditFiles.WriteCheckpointAsync(context.Get(checkpoint)!.FullName, signed, ct).ConfigureAwait(false);
            await AuditFiles.WriteConsistencyProofAsync(context.Get(output)!.FullName, proof, ct).ConfigureAwait(false);
            return Report(context, new ProofSummary(context.Get(output)!.FullName, context.Get(checkpoint)!.FullName, second),
                $"dx audit verify --checkpoint {context.Get(from)!.Name} --checkpoint {context.Get(checkpoint)!.Name} --consistency {context.Get(output)!.Name} --key AUDIT-KEY.pem");
        });
        return command;
    }

    private static ExitCode Report(CommandContext context, ProofSummary summary, string verify)
    {
        if (context.Output.Json)
        {
            context.Output.WriteJson(summary);
            return ExitCode.Ok;
        }
        context.Output.Success($"Wrote the proof to {summary.Proof} and the signed checkpoint of size {summary.TreeSize} to {summary.Checkpoint}.");
        context.Output.Console.WriteLine($"  not verified yet; verify offline: {verify} (a key confirmed out of band, see 'dx audit key')");
        return ExitCode.Ok;
    }

    private sealed record ProofSummary(string Proof, string Checkpoint, long TreeSize);
}
