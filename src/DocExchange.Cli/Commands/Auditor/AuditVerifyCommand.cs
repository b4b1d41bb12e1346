using System.CommandLine;
using DocExchange.Cli.Auditing;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Validation;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary>
/// <c>dx audit verify</c>, offline: an export against the trusted key (whole tree recomputed), two checkpoints
/// against each other (fork check with a consistency proof), one event's inclusion proof, or a mix. With
/// <c>--online</c>, the evidence comes from the server (a fresh checkpoint, a consistency proof from a checkpoint kept
/// earlier, a document's events with their proofs) and is checked here by the same verifier. Exit 0 when every check
/// passes, 1 otherwise.
/// </summary>
public static class AuditVerifyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var export = ExistingFile.Required(new Option<FileInfo?>("--export")
        {
            Description = "Audit export (JSON Lines) to verify: recomputes the whole tree and names the first bad leaf.",
            HelpName = "FILE",
        });
        var checkpoints = ExistingFile.Required(new Option<FileInfo[]>("--checkpoint")
        {
            Description = "Checkpoint file (JSON); give it twice (an earlier and a newer one) to check that the log did not fork.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrMore,
        });
        var consistency = ExistingFile.Required(new Option<FileInfo?>("--consistency")
        {
            Description = "Consistency proof (JSON) between the two checkpoints' tree sizes.",
            HelpName = "FILE",
        });
        var inclusion = ExistingFile.Required(new Option<FileInfo?>("--inclusion")
        {
            Description = "Inclusion proof (JSON) of one event in a checkpoint's tree.",
            HelpName = "FILE",
        });
        var key = ExistingFile.Required(new Option<FileInfo>("--key")
        {
            Description = "The log's trusted audit public key (PEM \"PUBLIC KEY\" or DER), obtained out of band.",
            HelpName = "PUBKEY.pem",
            Required = true,
        });
        var saveCheckpoint = new Option<FileInfo?>("--save-checkpoint")
        {
            Description = "With --export or --online: when everything passes, save the export's (or the server's) checkpoint to compare with a later one.",
            HelpName = "FILE",
        };
        var tsaRoot = ExistingFile.Required(new Option<FileInfo?>("--tsa-root")
        {
            Description = "Root certificate(s) of the time-stamping authority (PEM or DER): verifies the RFC 3161 timestamps of the checkpoints (the --checkpoint files, the --export's, the server's with --online).",
            HelpName = "CA.pem",
        });
        var requireTimestamp = new Option<bool>("--require-timestamp")
        {
            Description = "Fail unless every checkpoint checked (--checkpoint files, the --export's, the server's with --online) carries an RFC 3161 timestamp that verifies against --tsa-root.",
        };
        var online = new Option<bool>("--online")
        {
            Description = "Fetch the evidence from the server and verify it here: a fresh checkpoint, every leaf of its tree with its inclusion proof (the root is recomputed from them, so this reads the whole log), with --checkpoint OLD a consistency proof, with --document the document's events.",
            Arity = ArgumentArity.Zero,
        };
        var document = new Option<string?>("--document")
        {
            Description = "With --online: check the server's answer for this document: each event included in the signed tree, and none of the document's leaves left out.",
            HelpName = "ID",
        };
        var command = new Command("verify", "Verify an audit export, checkpoints and proofs against the trusted audit key, offline or (--online) with evidence fetched from the server.")
        {
            export, checkpoints, consistency, inclusion, key, saveCheckpoint, online, document, tsaRoot, requireTimestamp,
        };
        command.Validators.Add(result =>
        {
            bool isOnline = result.GetValue(online);
            if (result.GetValue(saveCheckpoint) is not null && result.GetValue(export) is null && !isOnline)
            {
                result.AddError("--save-checkpoint needs --export or --online: it saves the export's or the server's checkpoint.");
            }
            if (isOnline && (result.GetValue(export) is not null || result.GetValue(consistency) is not null || result.GetValue(inclusion) is not null))
            {
                result.AddError("--online fetches its own checkpoint and proofs: --export, --consistency and --inclusion are for offline verification.");
            }
            if (isOnline && result.GetValue(checkpoints) is { Length: > 1 })
            {
                result.AddError("--online compares the server's checkpoint with at most one kept earlier: give --checkpoint once.");
            }
            if (!isOnline && result.GetValue(document) is not null)
            {
                result.AddError("--document asks the server for the document's events: add --online.");
            }
            if (result.GetValue(requireTimestamp) && result.GetValue(tsaRoot) is null)
            {
                result.AddError("--require-timestamp needs --tsa-root CA.pem: the TSA root the checkpoints' RFC 3161 timestamps must chain to.");
            }
        });
        DxAction.Set(command, globals, (context, cancellationToken) =>
        {
            var inputs = new Inputs(context.Get(export), context.Get(checkpoints) ?? [], context.Get(consistency), context.Get(inclusion), context.Get(key)!, context.Get(saveCheckpoint),
                context.Get(tsaRoot), context.Get(requireTimestamp));
            return context.Get(online)
                ? RunOnlineAsync(context, inputs, context.Get(document), cancellationToken)
                : RunAsync(context, inputs, cancellationToken);
        });
        return command;
    }

    private static async Task<TimestampPolicy> TimestampPolicyAsync(Inputs inputs, CancellationToken cancellationToken)
    {
        var tsaRoots = inputs.TsaRoot is null ? null : await TsaTrust.LoadAsync(inputs.TsaRoot, cancellationToken).ConfigureAwait(false);
        // Without a root the imprint is still checked: a token issued for another checkpoint is refused either way.
        return new TimestampPolicy(tsaRoots is null ? TsaTrust.ImprintOnly : TsaTrust.VerifierFor(tsaRoots), inputs.RequireTimestamp);
    }

    private static async Task<ExitCode> RunOnlineAsync(CommandContext context, Inputs inputs, string? documentId, CancellationToken cancellationToken)
    {
        var previous = inputs.Checkpoints.Length == 0
            ? null
            : new LabeledCheckpoint(inputs.Checkpoints[0].Name, await AuditFiles.ReadCheckpointAsync(inputs.Checkpoints[0].FullName, cancellationToken).ConfigureAwait(false));
        using var trustedKey = await AuditKeyFile.LoadAsync(inputs.Key, cancellationToken).ConfigureAwait(false);
        await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var online = await OnlineAuditEvidence.FetchAsync(client, trustedKey, previous, documentId, cancellationToken).ConfigureAwait(false);

        var timestamps = await TimestampPolicyAsync(inputs, cancellationToken).ConfigureAwait(false);
        var verified = await AuditTrailVerifier.VerifyAsync(online.Evidence, trustedKey, timestamps, cancellationToken).ConfigureAwait(false);
        var (firstBad, firstBadReason) = online.FirstBadPosition is { } scanned && (verified.FirstBadPosition is null || scanned <= verified.FirstBadPosition)
            ? (online.FirstBadPosition, online.FirstBadReason)
            : (verified.FirstBadPosition, verified.FirstBadReason);
        var verdict = verified with
        {
            Checks = [.. online.Checks, .. verified.Checks],
            FirstBadPosition = firstBad,
            FirstBadReason = firstBadReason,
            LeafCount = online.Server.Checkpoint.TreeSize,
            NotChecked = online.NotChecked,
        };
        string? saved = null;
        if (verdict.Passed && inputs.SaveCheckpoint is { } target)
        {
            await AuditFiles.WriteCheckpointAsync(target.FullName, online.Server, cancellationToken).ConfigureAwait(false);
            saved = target.FullName;
        }
        if (context.Output.Json)
        {
            context.Output.WriteJson(verdict);
        }
        else
        {
            Show(context, verdict, saved, "the server's");
        }
        return verdict.Passed ? ExitCode.Ok : ExitCode.Rejected;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, Inputs inputs, CancellationToken cancellationToken)
    {
        var labeled = new List<LabeledCheckpoint>();
        foreach (var file in inputs.Checkpoints)
        {
            labeled.Add(new LabeledCheckpoint(file.Name, await AuditFiles.ReadCheckpointAsync(file.FullName, cancellationToken).ConfigureAwait(false)));
        }
        var consistency = inputs.Consistency is null ? null : await AuditFiles.ReadConsistencyProofAsync(inputs.Consistency.FullName, cancellationToken).ConfigureAwait(false);
        var inclusion = inputs.Inclusion is null ? null : await AuditFiles.ReadInclusionProofAsync(inputs.Inclusion.FullName, cancellationToken).ConfigureAwait(false);
        using var trustedKey = await AuditKeyFile.LoadAsync(inputs.Key, cancellationToken).ConfigureAwait(false);

        await using var exportStream = inputs.Export is null ? null
            : new FileStream(inputs.Export.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        var evidence = new AuditEvidence(
            exportStream is null ? null : new ExportEvidence(inputs.Export!.Name, exportStream),
            labeled,
            consistency,
            inclusion is null ? [] : [inclusion]);
        if (evidence.Problem() is { } problem)
        {
            throw DxException.Usage(problem);
        }

        var timestamps = await TimestampPolicyAsync(inputs, cancellationToken).ConfigureAwait(false);
        var verdict = await AuditTrailVerifier.VerifyAsync(evidence, trustedKey, timestamps, cancellationToken).ConfigureAwait(false);
        string? saved = null;
        if (verdict.Passed && inputs.SaveCheckpoint is { } target)
        {
            var signed = await AuditFiles.ReadExportCheckpointAsync(inputs.Export!.FullName, cancellationToken).ConfigureAwait(false);
            await AuditFiles.WriteCheckpointAsync(target.FullName, signed, cancellationToken).ConfigureAwait(false);
            saved = target.FullName;
        }

        if (context.Output.Json)
        {
            context.Output.WriteJson(verdict);
        }
        else
        {
            Show(context, verdict, saved, "the export's");
        }
        return verdict.Passed ? ExitCode.Ok : ExitCode.Rejected;
    }

    private static void Show(CommandContext context, AuditVerdict verdict, string? savedCheckpoint, string whose)
    {
        var console = context.Output.Console;
        var table = new Table().AddColumns("", "Check", "Subject", "Message");
        foreach (var check in verdict.Checks)
        {
            table.AddRow(
                check.Passed ? "[green]✓[/]" : "[red]✗[/]",
                TerminalText.Markup(check.Name),
                TerminalText.Markup(check.Subject),
                TerminalText.Markup(check.Message));
        }
        console.Write(table);

        int failed = verdict.Checks.Count(c => !c.Passed);
        if (verdict.Passed)
        {
            context.Output.Success($"Verified: all {verdict.Checks.Count} checks passed.");
        }
        else
        {
            context.Output.Failure($"Verification FAILED: {failed} of {verdict.Checks.Count} checks failed.");
        }
        if (verdict.FirstBadPosition is { } position)
        {
            console.WriteLine($"First bad position: leaf {position}. {verdict.FirstBadReason}");
        }
        foreach (string gap in verdict.NotChecked)
        {
            console.WriteLine($"Not checked: {gap}");
        }
        if (savedCheckpoint is not null)
        {
            console.WriteLine($"Saved {whose} checkpoint to {savedCheckpoint}; compare a later one with 'dx audit verify --online --checkpoint {Path.GetFileName(savedCheckpoint)}' (or offline with --checkpoint NEW --consistency PROOF).");
        }
    }

    private sealed record Inputs(FileInfo? Export, FileInfo[] Checkpoints, FileInfo? Consistency, FileInfo? Inclusion, FileInfo Key, FileInfo? SaveCheckpoint,
        FileInfo? TsaRoot, bool RequireTimestamp);
}
