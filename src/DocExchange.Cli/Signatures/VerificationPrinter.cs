using DocExchange.Cli.Output;
using Spectre.Console;

namespace DocExchange.Cli.Signatures;

/// <summary>Writes a <see cref="VerificationView"/> for people: what was trusted, one row per signature, then the problems and the verdict.</summary>
public static class VerificationPrinter
{
    public static void Show(CliOutput output, VerificationView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        var console = output.Console;
        console.WriteLine($"File: {view.File} ({view.RevisionCount} revision(s), SHA-256 {view.DocumentSha256})");
        if (view.Trust is { } trust)
        {
            console.WriteLine($"Validated locally at {view.ValidationTime}; trust anchors: {(trust.Anchors.Count == 0 ? "none" : string.Join(", ", trust.Anchors))} ({trust.Source})");
            if (trust.Intermediates.Count > 0)
            {
                console.WriteLine($"Intermediate certificates: {string.Join(", ", trust.Intermediates)}");
            }
            console.WriteLine($"CRLs: {(trust.Crls.Count == 0 ? "none" : string.Join(", ", trust.Crls))}; revocation: {trust.Revocation}");
        }
        else
        {
            console.WriteLine($"Validated by the server at {view.ValidationTime}, with its trust anchors and CRLs.");
        }

        if (view.Signatures.Count == 0)
        {
            output.Failure("The PDF has no signature.");
            return;
        }

        var table = new Table().AddColumns("", "Field", "Kind", "Indication", "Signer", "Agency", "Signed at (claimed)", "Timestamp", "Level", "Coverage", "Changes after");
        foreach (var s in view.Signatures)
        {
            table.AddRow(
                s.Passed ? "[green]✓[/]" : "[red]✗[/]",
                TerminalText.Markup(s.Field),
                TerminalText.Markup(s.Kind),
                TerminalText.Markup(s.SubIndication is null ? s.Indication : $"{s.Indication} / {s.SubIndication}"),
                TerminalText.Markup(s.Signer ?? "-"),
                TerminalText.Markup(s.AgencyCode ?? "-"),
                TerminalText.Markup(s.ClaimedSigningTime ?? "-"),
                TerminalText.Markup(s.TimestampTime ?? "-"),
                TerminalText.Markup(s.Level),
                TerminalText.Markup(Coverage(s.Coverage, view.RevisionCount)),
                TerminalText.Markup(s.Modifications.Count == 0 ? s.Modification : $"{s.Modification} ({s.Modifications.Count})"));
        }
        console.Write(table);

        foreach (var s in view.Signatures)
        {
            foreach (var error in s.Errors)
            {
                console.WriteLine($"  {s.Field}: {error}");
            }
            foreach (var modification in s.Modifications.Where(m => m.EndsWith("(not allowed)", StringComparison.Ordinal)))
            {
                console.WriteLine($"  {s.Field}: changed after signing, {modification}");
            }
            if (output.Verbose)
            {
                foreach (var warning in s.Warnings)
                {
                    console.WriteLine($"  {s.Field}: warning: {warning}");
                }
            }
        }

        if (view.Signatures.Any(s => s.SubIndication == "TRY_LATER"))
        {
            console.WriteLine(view.Trust is null
                ? "  Revocation could not be checked and the server requires it: its operator adds the issuer's CRL (DocExchange:Signing:CrlPaths) or enables DocExchange:Signing:OnlineRevocation."
                : "  Revocation could not be checked: give the issuer's CRL with --crl FILE, or accept the signature with a warning by choosing --revocation BestEffort.");
        }
        if (!output.Verbose && view.Signatures.Sum(s => s.Warnings.Count) is > 0 and var warningCount)
        {
            console.WriteLine($"  {warningCount} warning(s); --verbose shows them.");
        }

        if (view.Policy is { } policy)
        {
            if (policy.Satisfied)
            {
                output.Success($"Policy {policy.Name} for sender {policy.Agency}: satisfied (a valid personal signature and the agency's own seal).");
            }
            else
            {
                output.Failure($"Policy {policy.Name} for sender {policy.Agency}: NOT satisfied. {string.Join(" ", policy.Reasons)}");
            }
        }

        int failed = view.Signatures.Count(s => !s.Passed);
        if (failed == 0)
        {
            output.Success(view.Signatures.Count == 1 ? "The signature is valid." : $"All {view.Signatures.Count} signatures are valid.");
        }
        else
        {
            output.Failure($"{failed} of {view.Signatures.Count} signature(s) did not pass.");
        }
    }

    private static string Coverage(CoverageView? coverage, int revisions) => coverage is null
        ? "-"
        : $"revision {coverage.Revision} of {revisions}{(coverage.CoversWholeRevision ? "" : ", partial")}";
}
