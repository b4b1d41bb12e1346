using System.Text;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>
/// Hostile CMS: every part of a signature's CMS and of its time-stamp token, damaged in place, must give a report for
/// that signature, never an exception out of the validator, whatever the ASN.1 decoder throws.
/// </summary>
public sealed class HostileCmsTests
{
    [Theory(Timeout = 300_000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Damaged_cms_bytes_give_a_failed_or_warned_report_and_never_an_exception(bool ecdsa)
    {
        var pki = ecdsa ? SharedPki.WithEcdsaSigners : SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(pages: 1), pki.PersonalSigner, pki.AgencyChain,
            new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(pki) });
        var (range, cms, _) = SignedPdfs.ExtractLast(signed);
        var hexStart = (int)range[1] + 1;
        var options = Validate.TrustingSample(pki);
        var outcomes = new Dictionary<SubIndication, int>();

        // Each byte of the DER in turn (a stride of 7 keeps the run short), set to values that break tags, lengths and contents.
        for (var at = 0; at < cms.Length; at += 7)
        {
            foreach (var value in new byte[] { 0x00, 0xFF, (byte)(cms[at] ^ 0x80), 0x30 })
            {
                if (value == cms[at])
                {
                    continue;
                }
                var damaged = WithCmsByte(signed, hexStart, at, value);
                ValidationReport report;
                try
                {
                    report = await Validate.PdfAsync(damaged, options);
                }
                catch (Exception e)
                {
                    Assert.Fail($"CMS byte {at} set to 0x{value:X2} made the validator throw: {e}");
                    throw;
                }
                var signature = Assert.Single(report.Signatures);
                outcomes[signature.SubIndication] = outcomes.GetValueOrDefault(signature.SubIndication) + 1;
            }
        }

        // The damage reached the decoder (format failures) and the checks behind it (hash or signature failures).
        Assert.True(outcomes.GetValueOrDefault(SubIndication.FormatFailure) > 0, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault(SubIndication.SigCryptoFailure) + outcomes.GetValueOrDefault(SubIndication.HashFailure) > 0, Describe(outcomes));
    }

    private static byte[] WithCmsByte(byte[] pdf, int hexStart, int index, byte value)
    {
        var copy = (byte[])pdf.Clone();
        Encoding.ASCII.GetBytes(value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture), copy.AsSpan(hexStart + (2 * index), 2));
        return copy;
    }

    private static string Describe(Dictionary<SubIndication, int> outcomes) =>
        string.Join("; ", outcomes.Select(o => $"{o.Key}: {o.Value}"));
}
