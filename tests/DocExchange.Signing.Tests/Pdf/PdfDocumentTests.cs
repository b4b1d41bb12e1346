using System.Globalization;
using System.Text;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Tests.Infrastructure;

namespace DocExchange.Signing.Tests.Pdf;

public sealed class PdfDocumentTests
{
    [Fact]
    public void Reads_a_classic_xref_pdf_as_one_revision()
    {
        var pdf = TestPdfs.Classic(pages: 2);

        var document = PdfDocument.Open(pdf);

        var revision = Assert.Single(document.Revisions);
        Assert.False(revision.UsesXrefStream);
        Assert.Equal(pdf.Length, revision.EndOffset);
        Assert.Equal("Catalog", document.GetCatalog().GetName("Type"));
        Assert.Equal([4, 6], document.GetPageReferences().Select(p => p.Number));
        Assert.Empty(document.GetSignatureFields());
        Assert.Equal(0, document.TrailingBytes);
    }

    [Fact]
    public async Task Reads_xref_streams_and_objects_inside_object_streams()
    {
        var pdf = await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic(pages: 3));

        var document = PdfDocument.Open(pdf);

        Assert.True(document.LastRevision.UsesXrefStream);
        Assert.Contains(document.LastRevision.Table.Values, e => e.Type == PdfXrefEntryType.Compressed);
        var pages = document.GetPageReferences();
        Assert.Equal(3, pages.Count);
        var content = document.ResolveDictionary(pages[2]) is { } page ? document.Resolve(page["Contents"]) as PdfStream : null;
        Assert.NotNull(content);
        Assert.Contains("Hello 3", Encoding.Latin1.GetString(content.Decode()));
    }

    [Fact]
    public void An_incremental_update_is_a_second_revision_that_overrides_objects()
    {
        var original = TestPdfs.Classic();
        var updated = TestPdfs.AppendClassicUpdate(original, new Dictionary<int, string>
        {
            [5] = "<< /Length 5 >>\nstream\nXXXXX\nendstream",
        });

        var document = PdfDocument.Open(updated);

        Assert.Equal(2, document.Revisions.Count);
        Assert.Equal(original.Length, document.Revisions[0].EndOffset);
        Assert.Equal([5], document.Revisions[1].ChangedObjectNumbers);
        var before = (PdfStream)document.GetObject(5, document.Revisions[0])!;
        var after = (PdfStream)document.GetObject(5)!;
        Assert.StartsWith("BT", Encoding.Latin1.GetString(before.ReadRawData()));
        Assert.Equal("XXXXX", Encoding.Latin1.GetString(after.ReadRawData()));
    }

    [Fact]
    public void Literal_and_hex_strings_names_and_numbers_parse_per_the_spec()
    {
        var pdf = TestPdfs.WriteClassic([
            "<< /Type /Catalog /Pages 2 0 R /Test 3 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            @"<< /A (a\(b\)c\\d\101\n) /B <48 65 6C6C 6F7> /C /Na#20me /D -12 /E .5 /F [1 2 0 R null true] >>",
        ]);

        var test = (PdfDictionary)PdfDocument.Open(pdf).GetObject(3)!;

        Assert.Equal("a(b)c\\dA\n", Encoding.Latin1.GetString(((PdfString)test["A"]!).Value));
        Assert.Equal("Hellop", Encoding.Latin1.GetString(((PdfString)test["B"]!).Value));
        Assert.Equal("Na me", test.GetName("C"));
        Assert.Equal(-12, ((PdfInteger)test["D"]!).Value);
        Assert.Equal(0.5, ((PdfReal)test["E"]!).Value);
        var array = (PdfArray)test["F"]!;
        Assert.IsType<PdfInteger>(array[0]);
        Assert.Equal(new PdfReference(2, 0), array[1]);
        Assert.Same(PdfNull.Instance, array[2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40_000)]
    public void A_hex_string_of_any_length_with_whitespace_and_either_case_decodes_as_its_digits(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var hex = new StringBuilder();
        for (var i = 0; i < bytes.Length; i++)
        {
            hex.Append(i % 2 == 0 ? bytes[i].ToString("X2", CultureInfo.InvariantCulture) : bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            hex.Append(i % 37 == 0 ? "\n" : i % 5 == 0 ? " " : "");
        }
        var pdf = TestPdfs.WriteClassic([
            "<< /Type /Catalog /Pages 2 0 R /Test 3 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            $"<< /Contents <{hex}> /Odd <ABC> >>",
        ]);

        var test = (PdfDictionary)PdfDocument.Open(pdf).GetObject(3)!;

        Assert.Equal(bytes, ((PdfString)test["Contents"]!).Value);
        Assert.Equal(new byte[] { 0xAB, 0xC0 }, ((PdfString)test["Odd"]!).Value);
    }

    [Theory]
    [InlineData("<< /Contents <48 65 6G> >>")]
    [InlineData("<< /Contents <48 65 (6C)> >>")]
    public void A_hex_string_with_a_character_that_is_not_hex_is_a_format_error(string body)
    {
        var pdf = TestPdfs.WriteClassic([
            "<< /Type /Catalog /Pages 2 0 R /Test 3 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            body,
        ]);

        Assert.Throws<PdfFormatException>(() => PdfDocument.Open(pdf).GetObject(3));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pdf at all, just some text that is long enough")]
    [InlineData("%PDF-1.7\n1 0 obj << >> endobj\n")]
    [InlineData("%PDF-1.7\nstartxref\n999999\n%%EOF\n")]
    [InlineData("%PDF-1.7\nxref\n0 99999999\ntrailer << >>\nstartxref\n9\n%%EOF\n")]
    public void Garbage_gives_a_format_error(string content)
    {
        Assert.Throws<PdfFormatException>(() => PdfDocument.Open(Encoding.Latin1.GetBytes(content)));
    }

    [Fact]
    public void Every_truncation_of_a_pdf_gives_a_format_error_or_a_readable_document()
    {
        var pdf = TestPdfs.Classic();
        for (var length = 0; length < pdf.Length; length += 7)
        {
            try
            {
                var document = PdfDocument.Open(pdf.AsSpan(0, length).ToArray());
                _ = document.GetPageReferences();
            }
            catch (PdfFormatException)
            {
            }
        }
    }

    [Fact]
    public void A_prev_chain_that_loops_is_a_format_error()
    {
        var pdf = TestPdfs.Classic();
        var text = Encoding.Latin1.GetString(pdf);
        var xref = text.LastIndexOf("xref\n0 ", StringComparison.Ordinal);
        var looped = text.Replace("/Root 1 0 R", $"/Root 1 0 R /Prev {xref}", StringComparison.Ordinal);

        var error = Assert.Throws<PdfFormatException>(() => PdfDocument.Open(Encoding.Latin1.GetBytes(looped)));
        Assert.Contains("loops", error.Message);
    }

    [Fact]
    public void A_page_tree_that_loops_is_a_format_error()
    {
        var pdf = TestPdfs.WriteClassic([
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ]);

        var document = PdfDocument.Open(pdf);

        Assert.Throws<PdfFormatException>(() => document.GetPageReferences());
    }

    [Fact]
    public void An_xref_offset_pointing_at_the_wrong_object_is_a_format_error()
    {
        var pdf = Encoding.Latin1.GetString(TestPdfs.Classic());
        var firstEntry = pdf.IndexOf(" 00000 n ", StringComparison.Ordinal) - 10;
        var broken = pdf[..firstEntry] + "0000000100" + pdf[(firstEntry + 10)..];

        var document = PdfDocument.Open(Encoding.Latin1.GetBytes(broken));

        Assert.Throws<PdfFormatException>(() => document.GetCatalog());
    }

    [Theory]
    [InlineData("D:20250131235959+07'00'", "2025-01-31T23:59:59+07:00")]
    [InlineData("D:20250131", "2025-01-31T00:00:00+00:00")]
    [InlineData("D:20250131120000Z", "2025-01-31T12:00:00+00:00")]
    public void Pdf_dates_parse_with_their_offset(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PdfDate.TryParse(text));
    }
}
