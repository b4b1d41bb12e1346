using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx ca add CODE CA.crt</c>: trust a CA to issue an agency's certificates (operators only).</summary>
public static class CaCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("ca", "The certificate authorities trusted for each agency (operators).");
        command.Add(CreateAdd(globals));
        return command;
    }

    private static Command CreateAdd(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The agency code." });
        var file = ExistingFile.Required(new Argument<FileInfo>("certificate") { Description = "The CA certificate, PEM or DER.", HelpName = "CA.crt" });
        var command = new Command("add", "Trust a CA certificate to issue this agency's certificates.") { code, file };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            using var certificate = Load(context.Get(file)!);
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var agency = await client.AddTrustedCaAsync(context.Get(code)!, certificate, cancellationToken).ConfigureAwait(false);
            if (!context.Output.Json)
            {
                context.Output.Success($"{agency.Code} now trusts {certificate.Subject} (SHA-256 {Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256))}).");
            }

            AgencyDisplay.Write(context.Output, AgencyView.From(agency));
            return ExitCode.Ok;
        });
        return command;
    }

    private static X509Certificate2 Load(FileInfo file)
    {
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(file.FullName);
        }
        catch (CryptographicException e)
        {
            throw DxException.Usage($"{file.FullName} is not an X.509 certificate in PEM or DER: {e.Message}");
        }
    }
}
