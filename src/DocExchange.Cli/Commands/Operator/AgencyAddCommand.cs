using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx agency add CODE --name … [contact options] [--trusted-ca PEM]</c>: registers an agency (operators only).</summary>
public static class AgencyAddCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The agency code, e.g. 000.00.00.H41." });
        var name = new Option<string>("--name") { Description = "The agency's name, e.g. \"UBND tỉnh Nghệ An\".", HelpName = "NAME", Required = true };
        var trustedCa = ExistingFile.Required(new Option<FileInfo[]>("--trusted-ca")
        {
            Description = "A CA certificate (PEM or DER) trusted to issue this agency's client certificates (repeat for several).",
            HelpName = "FILE",
        });
        var contact = new ContactOptions();
        var command = new Command("add", "Register an agency (operators only).") { code, name, trustedCa };
        contact.AddTo(command);
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string agencyCode = context.Get(code)!;
            string agencyName = context.Get(name)!;
            var request = new RegisterAgencyRequest { Code = agencyCode, Name = agencyName, Contact = contact.Read(context, agencyCode, agencyName) };
            foreach (var file in context.Get(trustedCa) ?? [])
            {
                request.TrustedCaDer.Add(ByteString.CopyFrom(ReadCertificate(file.FullName)));
            }
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var agency = await client.RegisterAgencyAsync(request, cancellationToken).ConfigureAwait(false);
            context.Output.Success($"Registered {agency.Code} ({agency.Name}).");
            AgencyDisplay.Write(context.Output, AgencyView.From(agency));
            return ExitCode.Ok;
        });
        return command;
    }

    private static byte[] ReadCertificate(string path)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            return certificate.RawData;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw DxException.Usage($"--trusted-ca: '{path}' is not a certificate (PEM or DER): {e.Message}");
        }
    }
}
