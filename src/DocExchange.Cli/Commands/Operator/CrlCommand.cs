using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Validation;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx crl publish CODE FILE.crl</c>: publish a CRL from one of an agency's trusted CAs (operators only).</summary>
public static class CrlCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("crl", "Certificate revocation lists of the agencies' CAs (operators).");
        command.Add(CreatePublish(globals));
        return command;
    }

    private static Command CreatePublish(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The agency code." });
        var file = ExistingFile.Required(new Argument<FileInfo>("crl") { Description = "The CRL, DER or PEM, signed by one of the agency's trusted CAs.", HelpName = "FILE.crl" });
        var command = new Command("publish", "Publish a CRL from one of the agency's trusted CAs; the server checks its signature.") { code, file };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            var der = ReadDer(await File.ReadAllBytesAsync(context.Get(file)!.FullName, cancellationToken).ConfigureAwait(false));
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var published = await client.PublishCrlAsync(context.Get(code)!, der, cancellationToken).ConfigureAwait(false);
            var summary = new CrlSummary(
                context.Get(code)!,
                published.Issuer,
                published.RevokedCount,
                published.ThisUpdate.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture),
                published.NextUpdate?.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture));
            if (context.Output.Json)
            {
                context.Output.WriteJson(summary);
                return ExitCode.Ok;
            }

            context.Output.Success($"Published the CRL of {summary.Issuer} for {summary.Agency}: {summary.RevokedCount} revoked certificate(s).");
            context.Output.Console.WriteLine($"  this update {summary.ThisUpdate}; next update {summary.NextUpdate ?? "(none)"}");
            return ExitCode.Ok;
        });
        return command;
    }

    /// <summary>A PEM "X509 CRL" block is decoded; anything else is sent as DER and judged by the server.</summary>
    private static byte[] ReadDer(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return bytes;
        }

        var pem = PemEncoding.Find(text);
        return Convert.FromBase64String(text[pem.Base64Data]);
    }

    private sealed record CrlSummary(string Agency, string Issuer, long RevokedCount, string ThisUpdate, string? NextUpdate);
}
