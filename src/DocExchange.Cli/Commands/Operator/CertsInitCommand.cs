using System.CommandLine;
using DocExchange.Cli.Certificates;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Validation;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Operator;

/// <summary>
/// <c>dx certs init DIR</c>: writes a complete sample PKI (TLS server, agency and role mutual-TLS clients, personal
/// signers, seals, TSA, CRL) for a demonstration or test deployment, and prints what each file is for.
/// </summary>
public static class CertsInitCommand
{
    public const string DefaultPassword = "docexchange-sample";
    public static readonly string[] DefaultAgencies = ["000.00.00.G22", "000.00.00.H41"];

    public static Command Create(GlobalOptions globals)
    {
        var directory = new Argument<DirectoryInfo>("directory") { Description = "Where to write the files (created if needed).", HelpName = "DIR" };
        var agencies = new Option<string[]>("--agencies")
        {
            Description = $"Agency codes to issue client certificates, signers and seals for, comma-separated (default {string.Join(",", DefaultAgencies)}).",
            HelpName = "CODE,CODE",
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        };
        agencies.Validators.Add(result =>
        {
            foreach (string code in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (AgencyCodes.Problem(code) is { } problem)
                {
                    result.AddError($"--agencies: {problem}.");
                }
            }
        });
        var password = new Option<string?>("--password")
        {
            Description = $"Password of every PKCS#12 file written (default {DefaultPassword}, as in certs-sample/).",
            HelpName = "PASSWORD",
        };
        var hosts = new Option<string[]>("--host")
        {
            Description = "Name or address of the server for its TLS certificate, besides 127.0.0.1 and ::1; repeatable (default localhost).",
            HelpName = "NAME",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var force = new Option<bool>("--force") { Description = "Replace the PKI already in DIR.", Arity = ArgumentArity.Zero };
        var command = new Command("init", "Create a sample PKI for a demonstration or test deployment: TLS, agency and role clients, signers, seals, TSA, CRL.")
        {
            directory, agencies, password, hosts, force,
        };
        DxAction.Set(command, globals, (context, ct) => RunAsync(
            context,
            context.Get(directory)!,
            context.Get(agencies) is { Length: > 0 } codes ? codes.Distinct().ToArray() : DefaultAgencies,
            context.Get(password),
            context.Get(hosts) is { Length: > 0 } names ? names : ["localhost"],
            context.Get(force),
            ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, DirectoryInfo directory, string[] agencies, string? password, string[] hosts, bool force, CancellationToken ct)
    {
        if (!force && (File.Exists(Path.Combine(directory.FullName, "root-ca.crt")) || Directory.Exists(Path.Combine(directory.FullName, "signing"))))
        {
            throw DxException.Usage($"{directory.FullName} already holds a PKI; pass --force to replace it (certificates issued from it stop working).");
        }
        Directory.CreateDirectory(directory.FullName);
        var writer = new DemoPkiWriter(directory.FullName, password ?? DefaultPassword);
        await writer.WriteAsync(agencies, hosts, ct).ConfigureAwait(false);

        if (context.Output.Json)
        {
            context.Output.WriteJson(new { Directory = directory.FullName, Agencies = agencies, Files = writer.Written });
            return ExitCode.Ok;
        }
        var table = new Table().AddColumns("File", "What it is");
        foreach (var file in writer.Written)
        {
            table.AddRow(TerminalText.Markup(Path.GetRelativePath(directory.FullName, file.Path)), TerminalText.Markup(file.Purpose));
        }
        var console = context.Output.Console;
        console.Write(table);
        context.Output.Success($"Wrote {writer.Written.Count} files to {directory.FullName} for agencies {string.Join(", ", agencies)}.");
        console.WriteLine(password is null
            ? $"PKCS#12 password: {DefaultPassword} (the sample default; these keys are for demonstrations and tests only)."
            : "PKCS#12 files are protected with the password given; these keys are for demonstrations and tests only.");
        string d = directory.FullName;
        console.WriteLine("Server settings for this PKI:");
        console.WriteLine($"  DocExchange:Tls:CertificatePath={Path.Combine(d, "server.pfx")}  DocExchange:Tls:ClientCaPath={Path.Combine(d, "root-ca.crt")}");
        console.WriteLine($"  DocExchange:Signing:TrustAnchorsPath={Path.Combine(d, "signing", "root-ca.crt")}  DocExchange:Signing:CrlPaths:0={Path.Combine(d, "signing", "root-ca.crl")}");
        console.WriteLine($"  DocExchange:Signing:KeystorePath={Path.Combine(d, "signing", "seals")}  DocExchange:Signing:Tsa:CertificatePath={Path.Combine(d, "signing", "tsa.pfx")}");
        return ExitCode.Ok;
    }
}
