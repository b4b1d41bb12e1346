using System.CommandLine;
using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary>
/// <c>dx audit key -o audit-key.pem</c>: fetches the public key the server signs checkpoints with, for pinning. A key
/// fetched from the server proves nothing by itself, so the command prints its id to confirm out of band.
/// </summary>
public static class AuditKeyCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to write the public key (PEM \"PUBLIC KEY\").",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("key", "Fetch the audit log's checkpoint signing key (PEM) to pin; confirm its id out of band before trusting it.") { output };
        DxAction.Set(command, globals, (context, ct) => RunAsync(context, context.Get(output)!, ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, FileInfo target, CancellationToken ct)
    {
        await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
        var info = await client.GetLogInfoAsync(ct).ConfigureAwait(false);
        byte[] spki = info.PublicKey.ToByteArray();
        CheckpointVerifier key;
        try
        {
            key = CheckpointVerifier.FromSubjectPublicKeyInfo(spki);
        }
        catch (ArgumentException e)
        {
            throw DxException.Rejected($"the server's audit key is not an ECDSA P-256 public key: {e.Message}");
        }
        using (key)
        {
            if (!info.KeyId.Span.SequenceEqual(key.KeyId))
            {
                throw DxException.Rejected($"the server's key id {Convert.ToHexStringLower(info.KeyId.Span)} is not the SHA-256 of the key it sent ({Convert.ToHexStringLower(key.KeyId)}).");
            }
            string pem = PemEncoding.WriteString("PUBLIC KEY", spki) + "\n";
            await using (var file = OutputFile.Create(target.FullName))
            {
                await file.Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(pem), ct).ConfigureAwait(false);
                await file.CommitAsync(ct).ConfigureAwait(false);
            }

            var summary = new KeySummary(target.FullName, Convert.ToHexStringLower(key.KeyId), info.SignatureAlgorithm, info.TreeSize,
                "A key fetched from the server proves nothing by itself: confirm this key id with the log's operator out of band (in person, by phone or by letter) before trusting it.");
            if (context.Output.Json)
            {
                context.Output.WriteJson(summary);
                return ExitCode.Ok;
            }
            context.Output.Success($"Wrote the audit key to {summary.File}");
            context.Output.Console.WriteLine($"  key id (SHA-256 of the key): {summary.KeyId}");
            context.Output.Console.WriteLine($"  algorithm {summary.Algorithm}; the log holds {summary.TreeSize} events");
            context.Output.Console.MarkupLineInterpolated($"[yellow]![/] {summary.Warning}");
            return ExitCode.Ok;
        }
    }

    private sealed record KeySummary(string File, string KeyId, string Algorithm, long TreeSize, string Warning);
}
