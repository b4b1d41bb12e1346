using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Signatures;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Pki;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx sign IN.pdf --cert signer.pfx -o OUT.pdf</c>: the clerk's or competent person's own signature, made here with
/// the signing library: the private key never leaves this machine. B-B is made locally; for B-T and above
/// (<c>--tsa server</c>) only the signed PDF goes to the server, which adds a document time-stamp (and, for B-LT/B-LTA,
/// validation data) over it without adding a signature.
/// </summary>
public static class SignCommand
{
    /// <summary>Read when neither --password nor --cert-password is given, so that the password stays out of shell history.</summary>
    public const string PasswordVariable = "DX_SIGN_PASSWORD";

    public static Command Create(GlobalOptions globals)
    {
        var input = InputPdf.Argument("The PDF to sign.");
        var output = InputPdf.Output();
        var password = new Option<string?>("--password")
        {
            Description = $"Password of the signer's PKCS#12 file given with --cert (else --cert-password, else ${PasswordVariable}).",
            HelpName = "PASSWORD",
        };
        var level = new Option<SignatureLevel>("--level")
        {
            Description = $"PAdES level: B-B (default, made here alone), or B-T, B-LT, B-LTA, which need --tsa server.",
            HelpName = "LEVEL",
            CustomParser = SignatureLevels.Parse,
            DefaultValueFactory = _ => SignatureLevel.BB,
        };
        var tsa = new Option<string>("--tsa")
        {
            Description = "Where the time-stamp comes from: none (default), or server: the server time-stamps the signed PDF (only the PDF is sent, never the key), over the connection of the profile or $DX_CERT.",
            HelpName = "none|server",
            DefaultValueFactory = _ => "none",
        };
        tsa.AcceptOnlyFromAmong("none", "server");
        var reason = new Option<string?>("--reason") { Description = "Why it is signed, e.g. \"Ký duyệt\".", HelpName = "TEXT" };
        var location = new Option<string?>("--location") { Description = "Where it is signed.", HelpName = "TEXT" };
        var field = new Option<string?>("--field") { Description = "The signature field to sign: an empty field of the document (see 'dx fields'), or a new one of this name (default: a new SignatureN).", HelpName = "NAME" };
        var strict = new Option<bool>("--strict")
        {
            Description = "Refuse to sign (exit 1, nothing written) with a certificate that is expired, not yet valid, revoked or unchecked by the --crl given, or not meant for signing documents (key usage, --eku), instead of only warning.",
            Arity = ArgumentArity.Zero,
        };
        var crl = ExistingFile.Required(new Option<FileInfo[]>("--crl")
        {
            Description = "CRL file(s) of the signing certificate's issuer, DER or PEM; repeatable. dx warns (--strict: refuses) when they list the certificate as revoked or do not cover it.",
            HelpName = "FILE",
            Arity = ArgumentArity.ZeroOrMore,
        });
        var purposes = ExtendedKeyUsageOption.Create();
        var appearance = new AppearanceOptions();
        var command = new Command("sign", "Sign a PDF with your own certificate (--cert signer.pfx), locally: the private key never leaves this machine.")
        {
            input, output, password, level, tsa, reason, location, field, strict, crl, purposes,
        };
        appearance.AddTo(command);
        InputPdf.AddDistinctCheck(command, input, output);
        command.Validators.Add(result =>
        {
            var chosen = result.GetValue(level);
            if (chosen != SignatureLevel.BB && chosen != SignatureLevel.Unspecified && result.GetValue(tsa) != "server")
            {
                result.AddError($"--level {SignatureLevels.ToText(chosen)} needs a time-stamp: add --tsa server (the server time-stamps the signed PDF; your key stays here), or sign at B-B and let 'dx seal' add the time-stamp.");
            }
        });

        DxAction.Set(command, globals, (context, ct) =>
        {
            var request = new SignRequestLine(
                context.Get(input)!,
                context.Get(output)!,
                context.Get(globals.Certificate),
                context.Get(password) ?? context.Get(globals.CertificatePassword) ?? Environment.GetEnvironmentVariable(PasswordVariable),
                context.Get(tsa) == "server" && context.Get(level) == SignatureLevel.BB ? SignatureLevel.BT : context.Get(level),
                context.Get(tsa) == "server",
                new PdfSignatureOptions
                {
                    FieldName = context.Get(field),
                    Reason = context.Get(reason),
                    Location = context.Get(location),
                },
                appearance.Read(context.ParseResult),
                new SignerChecks(context.Get(strict), ExtendedKeyUsageOption.Read(context.Get(purposes)), context.Get(crl) ?? []));
            return RunAsync(context, request, ct);
        });
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, SignRequestLine request, CancellationToken ct)
    {
        if (request.CertificatePath is null)
        {
            throw DxException.Usage("dx sign needs the signer's certificate and key: --cert signer.pfx (PKCS#12). The profile's client certificate is for connections, not for signing.");
        }
        var certificates = LoadCertificates(request.CertificatePath, request.Password);
        try
        {
            return await SignAsync(context, request, SignerOf(certificates, request.CertificatePath), ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }

    private static async Task<ExitCode> SignAsync(CommandContext context, SignRequestLine request, CertificateSigner signer, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var problems = SignerProblems(signer.Certificate, now, request.Checks.ExtendedKeyUsages).ToList();
        problems.AddRange(await SignerRevocation.ProblemsAsync(signer.Certificate, signer.Chain, request.Checks.Crls, now, ct).ConfigureAwait(false));
        if (request.Checks.Strict && problems.Count > 0)
        {
            throw DxException.Rejected($"refusing to sign under --strict: {string.Join(" ", problems)} Sign with a certificate meant for signing documents.");
        }
        foreach (var problem in problems)
        {
            context.Output.Warning($"{problem} Verifiers will not accept this signature (--strict refuses to sign).");
        }
        var options = request.Options with
        {
            Page = request.Appearance?.Page ?? 1,
            Appearance = request.Appearance is { } a ? new PdfSignatureAppearance(a.X, a.Y, a.Width, a.Height) : null,
        };

        PdfSigningResult signed;
        PadesLevel finalLevel;
        SignResult? extended = null;
        await using (var output = OutputFile.Create(request.Output.FullName))
        {
            await using (var pdf = new FileStream(request.Input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true))
            {
                signed = await SignLocallyAsync(pdf, output.Stream, signer, options, ct).ConfigureAwait(false);
            }
            finalLevel = signed.Level;
            if (request.ServerTimestamp)
            {
                extended = await TimestampOnServerAsync(context, output, request.Level, ct).ConfigureAwait(false);
            }
            else
            {
                await output.CommitAsync(ct).ConfigureAwait(false);
            }
        }

        var certificate = signer.Certificate;
        var summary = new SignSummary(
            request.Input.FullName,
            request.Output.FullName,
            signed.FieldName,
            extended is null ? VerificationViews.Level(finalLevel) : SignatureLevels.ToText(extended.Level),
            certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            AgencyCertificateIdentity.FindAgencyCode(certificate),
            VerificationViews.Time(signed.SigningTime)!,
            VerificationViews.Time(extended?.TimestampTime?.ToDateTimeOffset()),
            extended?.Size ?? signed.Size,
            Convert.ToHexStringLower(extended is null ? signed.Sha256 : extended.Sha256.ToByteArray()));
        if (context.Output.Json)
        {
            context.Output.WriteJson(summary);
        }
        else
        {
            context.Output.Success($"Signed {summary.Input} → {summary.Output}");
            var console = context.Output.Console;
            console.WriteLine($"  field {summary.Field}, level {summary.Level}, signer {summary.Signer}{(summary.AgencyCode is null ? "" : $" ({summary.AgencyCode})")}, signed at {summary.SigningTime}");
            if (summary.TimestampTime is not null)
            {
                console.WriteLine($"  time-stamped by the server at {summary.TimestampTime} (a document time-stamp over the signed PDF)");
            }
            else
            {
                console.WriteLine("  B-B: no trusted time; 'dx seal' (B-T by default) or 'dx sign --tsa server' adds one.");
            }
        }
        return ExitCode.Ok;
    }

    /// <summary>What makes a validator refuse signatures of this certificate, known before signing (revocation is not checked here).</summary>
    private static IEnumerable<string> SignerProblems(X509Certificate2 certificate, DateTimeOffset now, IReadOnlyList<string> extendedKeyUsages)
    {
        if (certificate.NotAfter < now)
        {
            yield return $"The signing certificate expired on {certificate.NotAfter.ToUniversalTime():u}.";
        }
        if (certificate.NotBefore > now)
        {
            yield return $"The signing certificate is not valid before {certificate.NotBefore.ToUniversalTime():u}.";
        }
        if (Signing.Validation.SigningCertificatePurpose.Problem(certificate, extendedKeyUsages) is { } purpose)
        {
            yield return purpose;
        }
    }

    private static async Task<PdfSigningResult> SignLocallyAsync(Stream pdf, Stream output, CertificateSigner signer, PdfSignatureOptions options, CancellationToken ct)
    {
        try
        {
            return await PdfSigner.SignAsync(pdf, output, signer, options, ct).ConfigureAwait(false);
        }
        catch (PdfFormatException e)
        {
            throw DxException.Rejected($"the input is not a PDF that can be signed: {e.Message}");
        }
        catch (FileNotFoundException e) when (options.Appearance is not null)
        {
            throw DxException.Rejected($"cannot draw the visible signature: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw DxException.Rejected($"cannot sign: {ErrorClassifier.LocalProblem(e)}");
        }
        catch (InvalidOperationException e)
        {
            throw DxException.Rejected($"cannot sign: {e.Message}");
        }
    }

    /// <summary>Sends the signed PDF (never the key) for a document time-stamp; the result replaces the local B-B file.</summary>
    private static async Task<SignResult> TimestampOnServerAsync(CommandContext context, OutputFile signedLocally, SignatureLevel level, CancellationToken ct)
    {
        // --cert is the signer here; the connection uses the profile's (or $DX_CERT's) client certificate.
        await using var client = await context.ConnectWithoutCommandLineCertificateAsync(ct).ConfigureAwait(false);
        await using var extended = OutputFile.Create(signedLocally.Target);
        signedLocally.Stream.Position = 0;
        var result = await client.SealAsync(signedLocally.Stream, extended.Stream, new SealOptions { Level = level, ExtendOnly = true }, cancellationToken: ct).ConfigureAwait(false);
        await extended.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    private static X509Certificate2Collection LoadCertificates(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw DxException.Usage($"--cert: file '{Path.GetFullPath(path)}' does not exist.");
        }
        try
        {
            return X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw DxException.Usage($"--cert: cannot open '{Path.GetFullPath(path)}' as PKCS#12: {e.Message} (is the password right? give it with --password or ${PasswordVariable}).");
        }
    }

    private static CertificateSigner SignerOf(X509Certificate2Collection collection, string path)
    {
        var certificate = collection.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw DxException.Usage($"--cert: '{Path.GetFullPath(path)}' holds no private key; signing needs the PKCS#12 file with the key.");
        var chain = collection.Where(c => !ReferenceEquals(c, certificate)).ToList();
        return new CertificateSigner(certificate, chain);
    }

    private sealed record SignRequestLine(
        FileInfo Input, FileInfo Output, string? CertificatePath, string? Password, SignatureLevel Level, bool ServerTimestamp,
        PdfSignatureOptions Options, VisibleSignature? Appearance, SignerChecks Checks);

    /// <summary>Whether problems of the signer's certificate refuse the signature, which signing purposes it may carry, and the CRLs that say whether it is revoked.</summary>
    private sealed record SignerChecks(bool Strict, IReadOnlyList<string> ExtendedKeyUsages, IReadOnlyList<FileInfo> Crls);

    private sealed record SignSummary(
        string Input, string Output, string Field, string Level, string Signer, string? AgencyCode, string SigningTime, string? TimestampTime, long Size, string Sha256);
}
