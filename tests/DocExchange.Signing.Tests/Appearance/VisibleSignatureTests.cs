using System.Text;
using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Appearance;

public sealed class VisibleSignatureTests
{
    private static readonly PdfSignatureAppearance Box = new(300, 60, 240, 80);

    [Fact]
    public async Task A_visible_seal_renders_red_inside_its_rectangle_and_nowhere_else()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { Appearance = Box });

        var (width, height, pixels) = await RenderAsync(signed);

        bool IsRed(int x, int y)
        {
            var i = 3 * ((y * width) + x);
            return pixels[i] > 150 && pixels[i + 1] < 90 && pixels[i + 2] < 90;
        }
        var inside = 0;
        var outside = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pdfY = height - y;
                var inBox = x >= Box.X && x <= Box.X + Box.Width && pdfY >= Box.Y && pdfY <= Box.Y + Box.Height;
                if (IsRed(x, y))
                {
                    if (inBox)
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }
        Assert.True(inside > 600, $"only {inside} red pixels inside the signature box");
        Assert.Equal(0, outside);
    }

    [Fact]
    public async Task The_appearance_font_is_an_embedded_unicode_subset_and_the_pdf_stays_valid()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions
        {
            Appearance = Box with { Lines = ["Bộ Tài chính", "Ủy ban nhân dân tỉnh Nghệ An", "2025-03-14T09:30:00+07:00"] },
        });

        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("visible.pdf"), signed);
        var fonts = await ExternalTool.RunCheckedAsync("pdffonts", directory.File("visible.pdf"));
        var check = await ExternalTool.RunAsync("qpdf", ["--check", directory.File("visible.pdf")]);
        using var nss = await NssDatabase.CreateAsync(pki);
        var pdfsig = Assert.Single(await Pdfsig.VerifyAsync(signed, nss));
        var report = await Validate.PdfAsync(signed, Validate.TrustingSample(pki));

        var fontLine = fonts.StdOut.Split('\n').Single(l => l.Contains("DejaVuSans", StringComparison.Ordinal));
        Assert.Matches(@"^[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes", fontLine);
        Assert.True(check.ExitCode == 0, check.All);
        Assert.DoesNotContain("WARNING", check.All);
        Assert.Contains("Signature is Valid.", pdfsig);
        Assert.Equal(Indication.TotalPassed, Assert.Single(report.Signatures).Indication);
        // The subset is far smaller than DejaVu Sans itself (~750 KB).
        Assert.InRange(signed.Length, 1, 60_000);
    }

    [Fact]
    public async Task Default_lines_are_the_organisation_and_the_iso_8601_signing_time()
    {
        var pki = SharedPki.WithRsaSigners;
        var time = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.FromHours(7));
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { Appearance = Box, SigningTime = time });

        // The ToUnicode CMap maps the glyphs shown back to text; qpdf --qdf decompresses it so it can be read.
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("visible.pdf"), signed);
        var unpacked = directory.File("unpacked.pdf");
        await ExternalTool.RunCheckedAsync("qpdf", "--qdf", "--object-streams=disable", directory.File("visible.pdf"), unpacked);
        var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(unpacked));

        var expected = "Bộ Tài chính2025-03-14T09:30:00+07:00";
        var mapped = string.Concat(System.Text.RegularExpressions.Regex.Matches(text, @"<([0-9A-F]{4})> <([0-9A-F]{4,8})>")
            .Select(m => (Glyph: m.Groups[1].Value, Text: Encoding.BigEndianUnicode.GetString(Convert.FromHexString(m.Groups[2].Value))))
            .Select(p => p.Text));
        Assert.All(expected.Distinct(), c => Assert.Contains(c, mapped));
        Assert.Contains("Tj", text);
    }

    [Fact]
    public async Task Text_the_font_cannot_show_is_refused()
    {
        var pki = SharedPki.WithRsaSigners;

        await Assert.ThrowsAsync<ArgumentException>(() => SignedPdfs.SignAsync(TestPdfs.Classic(), pki.OrganisationSeal, pki.AgencyChain,
            new PdfSignatureOptions { Appearance = Box with { Lines = ["漢字"] } }));
    }

    private static async Task<(int Width, int Height, byte[] Pixels)> RenderAsync(byte[] pdf)
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("in.pdf"), pdf);
        await ExternalTool.RunCheckedAsync("pdftoppm", "-r", "72", "-f", "1", "-l", "1", directory.File("in.pdf"), directory.File("page"));
        var ppm = await File.ReadAllBytesAsync(Directory.GetFiles(directory.Path, "page*.ppm").Single());
        // P6 header: "P6\n<width> <height>\n255\n", then RGB bytes.
        var headerEnd = 0;
        for (var fields = 0; fields < 4; headerEnd++)
        {
            if (ppm[headerEnd] is (byte)'\n' or (byte)' ')
            {
                fields++;
            }
        }
        var header = Encoding.ASCII.GetString(ppm, 0, headerEnd).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return (int.Parse(header[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture), ppm[headerEnd..]);
    }
}
