using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>
/// One crafted file per /ByteRange rule (ISO 32000-1 §12.8.1): the range is rewritten by hand and the CMS made again by
/// openssl over exactly the bytes it names, so each file is cryptographically sound and only that rule rejects it.
/// </summary>
public sealed class ByteRangeRuleTests
{
    private static readonly SamplePki Pki = SharedPki.WithRsaSigners;

    private static async Task<SignatureReport> ForgeAsync(Func<ByteRangeForgery.Layout, long[]> range, Func<string, string>? editGap = null)
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain, new Signing.Pades.PdfSignatureOptions { ContentsCapacity = 12000 });
        var forged = await ByteRangeForgery.ResignAsync(signed, range, Pki, editGap);
        return Assert.Single((await Validate.PdfAsync(forged, Validate.TrustingSample(Pki))).Signatures);
    }

    [Fact]
    public async Task The_untouched_range_re_signed_by_openssl_passes_so_the_forgeries_differ_only_in_their_range()
    {
        var signature = await ForgeAsync(l => [0, l.ContentsStart, l.ContentsEnd, l.Length - l.ContentsEnd]);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
    }

    [Fact]
    public async Task A_shortened_contents_with_an_unsigned_entry_in_the_freed_gap_is_a_format_failure()
    {
        // Signature wrapping: /Contents <cms…> becomes /Contents <cms…> /X <…> inside the same excluded gap.
        var signature = await ForgeAsync(
            l => [0, l.ContentsStart, l.ContentsEnd, l.Length - l.ContentsEnd],
            gap => gap[..(gap.Length - 40)] + "> /X  <" + new string('0', 32) + ">");

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (signature.Indication, signature.SubIndication));
        Assert.Contains(ByteRangeRules.GapNotContents, signature.Errors);
    }

    [Fact]
    public async Task A_gap_narrower_than_contents_is_a_format_failure()
    {
        var signature = await ForgeAsync(l => [0, l.ContentsStart + 1, l.ContentsEnd - 1, l.Length - l.ContentsEnd + 1]);

        Assert.Contains(ByteRangeRules.GapNotContents, signature.Errors);
        Assert.Equal(SubIndication.FormatFailure, signature.SubIndication);
    }

    [Fact]
    public async Task A_range_that_does_not_start_at_0_is_a_format_failure()
    {
        var signature = await ForgeAsync(l => [1, l.ContentsStart - 1, l.ContentsEnd, l.Length - l.ContentsEnd]);

        Assert.Contains(ByteRangeRules.NotFromStart, signature.Errors);
        Assert.Equal(SubIndication.FormatFailure, signature.SubIndication);
    }

    [Fact]
    public async Task Ranges_out_of_file_order_are_a_format_failure()
    {
        var signature = await ForgeAsync(l => [l.ContentsEnd, l.Length - l.ContentsEnd, 0, l.ContentsStart]);

        Assert.Contains(ByteRangeRules.NotInOrder, signature.Errors);
        Assert.Equal(SubIndication.FormatFailure, signature.SubIndication);
    }

    [Fact]
    public async Task Overlapping_ranges_are_a_format_failure()
    {
        var signature = await ForgeAsync(l => [0, l.ContentsStart, l.ContentsStart - 100, l.Length - l.ContentsStart + 100]);

        Assert.Contains(ByteRangeRules.Overlapping, signature.Errors);
        Assert.Equal(SubIndication.FormatFailure, signature.SubIndication);
    }

    [Fact]
    public async Task A_range_that_stops_before_the_end_of_its_revision_is_a_format_failure()
    {
        var signature = await ForgeAsync(l => [0, l.ContentsStart, l.ContentsEnd, l.Length - l.ContentsEnd - 30]);

        Assert.Contains(ByteRangeRules.NotToRevisionEnd, signature.Errors);
        Assert.Equal(SubIndication.FormatFailure, signature.SubIndication);
    }
}
