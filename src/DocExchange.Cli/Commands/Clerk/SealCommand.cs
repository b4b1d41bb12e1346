using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Signatures;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx seal IN.pdf -o OUT.pdf</c>: the agency's seal (its organisational signature), applied by the server with the
/// key it holds for the agency named by the caller's mutual-TLS certificate, B-T by default. Streams the PDF both
/// ways with a progress bar; the sealed PDF is checked against the server's size and SHA-256 before it is kept.
/// </summary>
public static class SealCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var input = InputPdf.Argument("The PDF to seal, usually already signed by the competent person ('dx sign').");
        var output = InputPdf.Output();
        var level = new Option<SignatureLevel>("--level")
        {
            Description = $"PAdES level: {SignatureLevels.Names} (default B-T: with the server's time-stamp).",
            HelpName = "LEVEL",
            CustomParser = SignatureLevels.Parse,
            DefaultValueFactory = _ => SignatureLevel.BT,
        };
        var reason = new Option<string?>("--reason") { Description = "Why it is sealed, e.g. \"Ban hành\".", HelpName = "TEXT" };
        var location = new Option<string?>("--location") { Description = "Where it is sealed.", HelpName = "TEXT" };
        var field = new Option<string?>("--field") { Description = "Name of the signature field to create (the server picks one by default).", HelpName = "NAME" };
        var extendOnly = new Option<bool>("--extend-only")
        {
            Description = "Add no seal: raise the PDF's existing signatures to --level (B-T, B-LT or B-LTA) with a document time-stamp and validation data.",
            Arity = ArgumentArity.Zero,
        };
        var appearance = new AppearanceOptions();
        var command = new Command("seal", "Have the server apply your agency's seal (its organisational signature) to a PDF, as your mutual-TLS identity.")
        {
            input, output, level, reason, location, field, extendOnly,
        };
        appearance.AddTo(command);
        InputPdf.AddDistinctCheck(command, input, output);
        command.Validators.Add(result =>
        {
            if (result.GetValue(extendOnly) && result.GetValue(level) == SignatureLevel.BB)
            {
                result.AddError("--extend-only raises existing signatures: choose --level B-T, B-LT or B-LTA.");
            }
        });
        DxAction.Set(command, globals, (context, ct) => RunAsync(
            context,
            context.Get(input)!,
            context.Get(output)!,
            new SealOptions
            {
                Level = context.Get(level),
                Reason = context.Get(reason),
                Location = context.Get(location),
                FieldName = context.Get(field),
                ExtendOnly = context.Get(extendOnly),
                Appearance = appearance.Read(context.ParseResult),
            },
            ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, FileInfo input, FileInfo outputFile, SealOptions options, CancellationToken ct)
    {
        await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
        SignResult result;
        await using (var pdf = new FileStream(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true))
        await using (var output = OutputFile.Create(outputFile.FullName))
        {
            result = await WithProgressAsync(context, pdf.Length, progress => client.SealAsync(pdf, output.Stream, options, progress, ct)).ConfigureAwait(false);
            await output.CommitAsync(ct).ConfigureAwait(false);
        }

        var summary = new SealSummary(
            input.FullName,
            outputFile.FullName,
            options.ExtendOnly ? null : result.FieldName,
            SignatureLevels.ToText(result.Level),
            VerificationViews.Time(result.SigningTime?.ToDateTimeOffset()),
            VerificationViews.Time(result.TimestampTime?.ToDateTimeOffset()),
            result.Size,
            Convert.ToHexStringLower(result.Sha256.Span));
        if (context.Output.Json)
        {
            context.Output.WriteJson(summary);
            return ExitCode.Ok;
        }
        context.Output.Success(options.ExtendOnly ? $"Extended {summary.Input} → {summary.Output}" : $"Sealed {summary.Input} → {summary.Output}");
        context.Output.Console.WriteLine(options.ExtendOnly
            ? $"  level {summary.Level}, document time-stamp at {summary.TimestampTime ?? "-"}, {summary.Size} bytes, SHA-256 {summary.Sha256}"
            : $"  field {summary.Field}, level {summary.Level}, signed at {summary.SigningTime ?? "-"}, time-stamp {summary.TimestampTime ?? "none (B-B)"}, {summary.Size} bytes, SHA-256 {summary.Sha256}");
        return ExitCode.Ok;
    }

    /// <summary>A progress bar on a terminal; plain progress (none) when the output is redirected or JSON.</summary>
    private static async Task<SignResult> WithProgressAsync(CommandContext context, long size, Func<IProgress<SealProgress>?, Task<SignResult>> seal)
    {
        var console = context.Output.Console;
        if (context.Output.Json || !console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            return await seal(null).ConfigureAwait(false);
        }
        SignResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var upload = progress.AddTask("Uploading", maxValue: Math.Max(size, 1));
                var sealing = progress.AddTask("Sealing", autoStart: false, maxValue: 1);
                result = await seal(new Progress<SealProgress>(report =>
                {
                    switch (report.Stage)
                    {
                        case SealStage.Uploading:
                            upload.Value = report.BytesTransferred;
                            break;
                        case SealStage.Sealing:
                            upload.Value = upload.MaxValue;
                            sealing.StartTask();
                            sealing.IsIndeterminate = true;
                            break;
                        default:
                            sealing.Description = $"Downloading ({report.BytesTransferred / 1024} KiB)";
                            break;
                    }
                })).ConfigureAwait(false);
                upload.Value = upload.MaxValue;
                sealing.IsIndeterminate = false;
                sealing.Value = sealing.MaxValue;
            }).ConfigureAwait(false);
        return result!;
    }

    private sealed record SealSummary(string Input, string Output, string? Field, string Level, string? SigningTime, string? TimestampTime, long Size, string Sha256);
}
