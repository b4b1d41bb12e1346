using DocExchange.Signing.Pki;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>One signed PDF's verdicts: ours and those of the independent judges (pdfsig on NSS, qpdf, openssl cms).</summary>
internal sealed record Verdicts(ValidationReport Ours, IReadOnlyList<string> Pdfsig, string Qpdf, bool QpdfClean, IReadOnlyList<string> Openssl)
{
    public bool PdfsigAllValid => Pdfsig.Count == Ours.Signatures.Count && Pdfsig.All(b => b.Contains("Signature is Valid.", StringComparison.Ordinal));

    public bool OpensslAllVerified => Openssl.Count == Ours.Signatures.Count && Openssl.All(v => v == "Verification successful");

    /// <summary>One line per signature, ours and the judges' side by side.</summary>
    public string Table(string title)
    {
        var lines = new List<string> { $"== {title}", $"   qpdf --check: {Qpdf}" };
        for (var i = 0; i < Ours.Signatures.Count; i++)
        {
            var s = Ours.Signatures[i];
            var pdfsig = i < Pdfsig.Count ? Line(Pdfsig[i], "Signature Validation: ") + " / " + Line(Pdfsig[i], "Certificate Validation: ") : "(not seen)";
            var openssl = i < Openssl.Count ? Openssl[i] : "(not seen)";
            lines.Add($"   #{i + 1} {s.FieldName}: ours {s.Indication}/{s.SubIndication}, modifications {s.ModificationVerdict} | pdfsig {pdfsig} | openssl {openssl}");
            lines.AddRange(s.Modifications.Select(m => $"        {(m.Allowed ? "allowed" : "DISALLOWED")}: {m.Description}"));
            lines.AddRange(s.Errors.Select(e => "        error: " + e));
        }
        return string.Join('\n', lines);
    }

    private static string Line(string block, string prefix) =>
        block.Split('\n').Select(l => l.Trim().TrimStart('-', ' ')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "?";
}

internal static class Judges
{
    public static async Task<Verdicts> JudgeAsync(byte[] pdf, SamplePki pki, NssDatabase nss)
    {
        var ours = await Validate.PdfAsync(pdf, Validate.TrustingSample(pki));
        var pdfsig = await Pdfsig.VerifyAsync(pdf, nss);
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("signed.pdf"), pdf);
        var qpdf = await ExternalTool.RunAsync("qpdf", ["--check", directory.File("signed.pdf")]);
        var qpdfClean = qpdf.ExitCode == 0 && qpdf.All.Contains("No syntax or stream encoding errors found", StringComparison.Ordinal) && !qpdf.All.Contains("WARNING", StringComparison.Ordinal);
        await PkiFiles.WriteCertificatePemAsync(directory.File("root.pem"), pki.Root.Certificate, CancellationToken.None);
        var openssl = new List<string>();
        foreach (var (index, (_, cms, content)) in SignedPdfs.ExtractAll(pdf).Index())
        {
            await File.WriteAllBytesAsync(directory.File($"sig{index}.der"), cms);
            await File.WriteAllBytesAsync(directory.File($"content{index}.bin"), content);
            var verify = await ExternalTool.RunAsync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", directory.File($"sig{index}.der"),
                "-content", directory.File($"content{index}.bin"), "-CAfile", directory.File("root.pem"), "-purpose", "any", "-out", "/dev/null"]);
            openssl.Add(verify.ExitCode == 0 && verify.All.Contains("Verification successful", StringComparison.Ordinal) ? "Verification successful" : verify.All.Trim().ReplaceLineEndings(" "));
        }
        return new Verdicts(ours, pdfsig, qpdfClean ? "clean" : qpdf.All.Trim().ReplaceLineEndings(" "), qpdfClean, openssl);
    }
}
