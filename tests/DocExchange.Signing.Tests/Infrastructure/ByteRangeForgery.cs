using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>
/// Rewrites the last signature of a signed PDF by hand: a chosen /ByteRange (written over the padded original), an
/// optional edit of the /Contents gap, and a fresh CMS made by openssl over exactly the bytes the new /ByteRange names.
/// The signature is then cryptographically sound, so only the byte-range rules can tell that it is wrong.
/// </summary>
internal static partial class ByteRangeForgery
{
    /// <summary>Offsets in the signed PDF: the '&lt;' of /Contents, just after its '&gt;', and the file length.</summary>
    public sealed record Layout(long ContentsStart, long ContentsEnd, long Length);

    /// <param name="cades">openssl -cades: add the ESS signing-certificate-v2 attribute that PAdES requires.</param>
    public static async Task<byte[]> ResignAsync(byte[] signed, Func<Layout, long[]> chooseRange, SamplePki pki, Func<string, string>? editGap = null, bool cades = true)
    {
        var pdf = (byte[])signed.Clone();
        var text = Encoding.Latin1.GetString(pdf);
        var match = ByteRangePattern().Matches(text)[^1];
        var original = Enumerable.Range(1, 4).Select(i => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        var layout = new Layout(original[1], original[2], pdf.Length);

        var gap = text.Substring((int)layout.ContentsStart, (int)(layout.ContentsEnd - layout.ContentsStart));
        if (editGap is not null)
        {
            var edited = editGap(gap);
            Assert.Equal(gap.Length, edited.Length);
            Encoding.Latin1.GetBytes(edited).CopyTo(pdf, layout.ContentsStart);
        }

        var range = chooseRange(layout);
        var rangeText = string.Create(CultureInfo.InvariantCulture, $"[{range[0]} {range[1]} {range[2]} {range[3]}]");
        var slot = match.Groups[0].Length + text[(match.Index + match.Groups[0].Length)..].TakeWhile(c => c == ' ').Count() - "/ByteRange ".Length;
        Assert.True(rangeText.Length <= slot, $"{rangeText} does not fit the {slot} bytes of the original /ByteRange.");
        Encoding.ASCII.GetBytes(rangeText.PadRight(slot)).CopyTo(pdf, match.Index + "/ByteRange ".Length);

        var content = new MemoryStream();
        for (var i = 0; i < 4; i += 2)
        {
            var from = (int)Math.Min(range[i], pdf.Length);
            content.Write(pdf, from, (int)Math.Min(range[i + 1], pdf.Length - from));
        }
        var cms = await OpensslSignAsync(content.ToArray(), pki, cades);

        // The CMS goes into the first hex string of the gap (the /Contents, or what the edit left of it).
        var hexStart = Encoding.Latin1.GetString(pdf).IndexOf('<', (int)layout.ContentsStart);
        var hexEnd = Encoding.Latin1.GetString(pdf).IndexOf('>', hexStart);
        var hex = Convert.ToHexString(cms);
        Assert.True(hex.Length <= hexEnd - hexStart - 1, "The openssl CMS does not fit the /Contents string.");
        Encoding.ASCII.GetBytes(hex).CopyTo(pdf, hexStart + 1);
        return pdf;
    }

    private static async Task<byte[]> OpensslSignAsync(byte[] content, SamplePki pki, bool cades)
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("content.bin"), content);
        await PkiFiles.WriteCertificatePemAsync(directory.File("signer.pem"), pki.OrganisationSeal, CancellationToken.None);
        await PkiFiles.WritePrivateKeyPemAsync(directory.File("signer.key"), pki.OrganisationSeal, CancellationToken.None);
        await File.WriteAllTextAsync(directory.File("chain.pem"), string.Concat(pki.AgencyChain.Select(c => c.ExportCertificatePem() + "\n")));
        string[] arguments = ["cms", "-sign", "-binary", "-md", "sha256", "-in", directory.File("content.bin"),
            "-signer", directory.File("signer.pem"), "-inkey", directory.File("signer.key"), "-certfile", directory.File("chain.pem"),
            "-outform", "DER", "-out", directory.File("sig.der"), .. cades ? ["-cades"] : Array.Empty<string>()];
        await ExternalTool.RunCheckedAsync("openssl", arguments);
        return await File.ReadAllBytesAsync(directory.File("sig.der"));
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();
}
