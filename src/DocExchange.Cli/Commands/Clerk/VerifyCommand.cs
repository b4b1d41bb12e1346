using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Signatures;
using DocExchange.Cli.Validation;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Policy;
using DocExchange.Signing.Validation;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx verify FILE.pdf</c>: validates every signature of a PDF, locally with the signing library (trust anchors from
/// <c>--trust</c>, else the sample signing root when present) or by the server with <c>--on-server</c>. Exit 0 when every
/// signature passes (and the policy, when <c>--policy-agency</c> is given), 1 otherwise.
/// </summary>
public static class VerifyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        // A folder gets its own message: "does not exist" would be wrong about it.
        var file = ExistingFile.Required(new Argument<FileInfo>("file") { Description = "The signed PDF." });
        var trust = ExistingFile.Required(new Option<FileInfo[]>("--trust")
        {
            Description = $"Trusted root certificate(s), PEM or DER; repeatable. Default: {TrustMaterial.DefaultAnchorPath} when it exists (the sample root).",
            HelpName = "ROOT.crt",
            Arity = ArgumentArity.ZeroOrMore,
        });
        var intermediates = ExistingFile.Required(new Option<FileInfo[]>("--intermediates")
        {
            Description = "Intermediate CA certificate(s), PEM (one or more blocks) or DER, to build chains the signer did not embed; repeatable. They are not trusted by themselves.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrMore,
        });
        var crl = ExistingFile.Required(new Option<FileInfo[]>("--crl")
        {
            Description = "CRL file(s), DER or PEM, checked offline; repeatable.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrMore,
        });
        var revocation = new Option<RevocationPolicy>("--revocation")
        {
            Description = "Without an OCSP response or CRL for a certificate: Require (the default: INDETERMINATE/TRY_LATER), BestEffort (accept with a warning) or Skip (do not check).",
            DefaultValueFactory = _ => RevocationPolicy.Require,
        };
        var purposes = ExtendedKeyUsageOption.Create();
        var policyAgency = AgencyCodes.Validated(new Option<string?>("--policy-agency")
        {
            Description = "Also require the official-document policy (Nghị định 30/2020 Art. 5) for this sender: a valid personal signature and this agency's own seal.",
            HelpName = "CODE",
        });
        var onServer = new Option<bool>("--on-server")
        {
            Description = "Have the server validate, with its trust anchors and CRLs (connection settings as for every network command).",
            Arity = ArgumentArity.Zero,
        };
        var command = new Command("verify", "Verify the signatures of a PDF: locally by default, or by the server with --on-server.")
        {
            file, trust, intermediates, crl, revocation, purposes, policyAgency, onServer,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(onServer) && (result.GetResult(trust) is not null || result.GetResult(intermediates) is not null || result.GetResult(crl) is not null || result.GetResult(revocation) is not null
                || result.GetResult(purposes) is not null))
            {
                result.AddError("--trust, --intermediates, --crl, --revocation and --eku are for local validation; with --on-server the server's trust anchors, CRLs and policy apply.");
            }
        });
        DxAction.Set(command, globals, (context, ct) => RunAsync(
            context,
            context.Get(file)!,
            context.Get(onServer),
            context.Get(policyAgency),
            () => TrustMaterial.LoadAsync(context.Get(trust) ?? [], context.Get(intermediates) ?? [], context.Get(crl) ?? [], Describe(context.Get(revocation)), ct),
            new LocalPolicy(context.Get(revocation), ExtendedKeyUsageOption.Read(context.Get(purposes))),
            ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(
        CommandContext context, FileInfo file, bool onServer, string? policyAgency, Func<Task<TrustMaterial>> loadTrust, LocalPolicy local, CancellationToken ct)
    {
        var view = onServer
            ? await VerifyOnServerAsync(context, file, policyAgency, ct).ConfigureAwait(false)
            : await VerifyLocallyAsync(file, policyAgency, await loadTrust().ConfigureAwait(false), local, ct).ConfigureAwait(false);
        if (context.Output.Json)
        {
            context.Output.WriteJson(view);
        }
        else
        {
            VerificationPrinter.Show(context.Output, view);
        }
        return view.Passed ? ExitCode.Ok : ExitCode.Rejected;
    }

    private static async Task<VerificationView> VerifyLocallyAsync(FileInfo file, string? policyAgency, TrustMaterial trust, LocalPolicy local, CancellationToken ct)
    {
        await using var pdf = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        ValidationReport report;
        try
        {
            report = await PdfSignatureValidator.ValidateAsync(pdf, new ValidationOptions
            {
                TrustAnchors = trust.Anchors,
                ExtraCertificates = trust.Intermediates,
                Crls = trust.Crls,
                RevocationPolicy = local.Revocation,
                AllowedExtendedKeyUsages = local.ExtendedKeyUsages,
            }, ct).ConfigureAwait(false);
        }
        catch (PdfFormatException e)
        {
            throw DxException.Rejected($"{file.FullName} is not a PDF that can be read: {e.Message}");
        }
        var policy = policyAgency is null ? null : OfficialDocumentPolicy.Evaluate(report, policyAgency, SignaturePolicyMode.Required);
        return VerificationViews.FromLibrary(file.FullName, report, policy, policyAgency, trust.View);
    }

    private static async Task<VerificationView> VerifyOnServerAsync(CommandContext context, FileInfo file, string? policyAgency, CancellationToken ct)
    {
        await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
        await using var pdf = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        var report = await client.VerifyAsync(pdf, policyAgency, ct).ConfigureAwait(false);
        return VerificationViews.FromServer(file.FullName, report, policyAgency);
    }

    private static string Describe(RevocationPolicy policy) => policy switch
    {
        RevocationPolicy.Require => "required (a certificate without an OCSP response or CRL is INDETERMINATE/TRY_LATER)",
        RevocationPolicy.Skip => "not checked (--revocation Skip)",
        _ => "best effort, chosen with --revocation BestEffort (CRLs given are checked; a certificate without one is a warning)",
    };

    /// <summary>The local validation's revocation policy and accepted signing purposes.</summary>
    private sealed record LocalPolicy(RevocationPolicy Revocation, IReadOnlyList<string> ExtendedKeyUsages);
}
