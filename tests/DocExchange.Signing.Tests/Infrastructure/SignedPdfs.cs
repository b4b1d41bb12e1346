using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Signing.Tests.Infrastructure;

internal static partial class SignedPdfs
{
    public static async Task<byte[]> SignAsync(byte[] pdf, X509Certificate2 signer, IEnumerable<X509Certificate2> chain, PdfSignatureOptions? options = null, bool useRsaPss = false)
    {
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        await PdfSigner.SignAsync(input, output, new CertificateSigner(signer, chain, useRsaPss), options ?? new PdfSignatureOptions { Reason = "Test" }, CancellationToken.None);
        return output.ToArray();
    }

    public static InProcessTimestampAuthority Tsa(SamplePki pki) =>
        new(pki.TimestampAuthority, pki.AgencyChain);

    /// <summary>The last signature's /ByteRange and CMS, found with a regex rather than our reader.</summary>
    public static (long[] ByteRange, byte[] Cms, byte[] SignedBytes) ExtractLast(byte[] pdf) => ExtractAll(pdf)[^1];

    /// <summary>Every signature's /ByteRange and CMS in file order, found with a regex rather than our reader.</summary>
    public static IReadOnlyList<(long[] ByteRange, byte[] Cms, byte[] SignedBytes)> ExtractAll(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        return ByteRangePattern().Matches(text).Select(match =>
        {
            var range = Enumerable.Range(1, 4).Select(i => long.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
            var padded = Convert.FromHexString(text.Substring((int)range[1] + 1, (int)(range[2] - range[1] - 2)));
            // The CMS is one DER value followed by zero padding; its own length says where it ends (trimming zeros would
            // also cut a signature that happens to end with a zero byte).
            System.Formats.Asn1.AsnDecoder.ReadEncodedValue(padded, System.Formats.Asn1.AsnEncodingRules.BER, out _, out _, out var cmsLength);
            var signed = pdf.AsSpan((int)range[0], (int)range[1]).ToArray().Concat(pdf.AsSpan((int)range[2], (int)range[3]).ToArray()).ToArray();
            return (range, padded[..cmsLength], signed);
        }).ToList();
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRangePattern();
}
