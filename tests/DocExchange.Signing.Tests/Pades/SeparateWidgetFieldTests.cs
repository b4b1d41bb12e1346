using System.Text;
using System.Text.Json.Nodes;
using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;
using Xunit.Abstractions;

namespace DocExchange.Signing.Tests.Pades;

/// <summary>
/// An empty signature field whose widget annotation is a separate object, a kid of the field (ISO 32000-1 §12.7.3.1:
/// the field has /Kids [widget], the widget /Parent field), rather than one merged dictionary. The file is written
/// by qpdf (<c>--json-input</c>, with and without object streams); pdfsig (NSS) judges every signature.
/// </summary>
public sealed class SeparateWidgetFieldTests(ITestOutputHelper output)
{
    private const string FieldName = "ChuKyRieng";

    /// <summary>One page, one empty signature field "ChuKyRieng" with a separate widget at [320 50 520 110].</summary>
    internal static async Task<byte[]> WrittenByQpdfAsync(bool objectStreams)
    {
        const string content = "BT /F1 18 Tf 72 720 Td (Van ban co o ky rieng) Tj ET";
        var objects = new JsonObject
        {
            ["obj:1 0 R"] = Value(new JsonObject { ["/Type"] = "/Catalog", ["/Pages"] = "2 0 R", ["/AcroForm"] = new JsonObject { ["/Fields"] = new JsonArray("6 0 R") } }),
            ["obj:2 0 R"] = Value(new JsonObject { ["/Type"] = "/Pages", ["/Kids"] = new JsonArray("4 0 R"), ["/Count"] = 1 }),
            ["obj:3 0 R"] = Value(new JsonObject { ["/Type"] = "/Font", ["/Subtype"] = "/Type1", ["/BaseFont"] = "/Helvetica" }),
            ["obj:4 0 R"] = Value(new JsonObject
            {
                ["/Type"] = "/Page", ["/Parent"] = "2 0 R", ["/MediaBox"] = new JsonArray(0, 0, 595.303937007874, 841.889763779528),
                ["/Resources"] = new JsonObject { ["/Font"] = new JsonObject { ["/F1"] = "3 0 R" } }, ["/Contents"] = "5 0 R", ["/Annots"] = new JsonArray("7 0 R"),
            }),
            ["obj:5 0 R"] = new JsonObject { ["stream"] = new JsonObject { ["dict"] = new JsonObject(), ["data"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(content)) } },
            ["obj:6 0 R"] = Value(new JsonObject { ["/FT"] = "/Sig", ["/T"] = "u:" + FieldName, ["/Kids"] = new JsonArray("7 0 R") }),
            ["obj:7 0 R"] = Value(new JsonObject
            {
                ["/Type"] = "/Annot", ["/Subtype"] = "/Widget", ["/Parent"] = "6 0 R", ["/F"] = 4, ["/Rect"] = new JsonArray(320, 50, 520, 110), ["/P"] = "4 0 R",
            }),
            ["trailer"] = Value(new JsonObject { ["/Root"] = "1 0 R", ["/Size"] = 8 }),
        };
        var json = new JsonObject
        {
            ["qpdf"] = new JsonArray(
                new JsonObject { ["jsonversion"] = 2, ["pdfversion"] = "1.7", ["pushedinheritedpageresources"] = false, ["calledgetallpages"] = false, ["maxobjectid"] = 7 },
                objects),
        };
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("field.json"), json.ToJsonString());
        await ExternalTool.RunCheckedAsync("qpdf", "--json-input", $"--object-streams={(objectStreams ? "generate" : "disable")}", directory.File("field.json"), directory.File("field.pdf"));
        return await File.ReadAllBytesAsync(directory.File("field.pdf"));
    }

    private static JsonObject Value(JsonObject dictionary) => new() { ["value"] = dictionary };

    [Fact]
    public async Task The_qpdf_file_has_the_field_and_its_widget_as_two_objects_and_the_field_is_listed_empty()
    {
        var pdf = await WrittenByQpdfAsync(objectStreams: false);

        var field = PdfDocument.Open(pdf).GetSignatureFields().Single();
        using var stream = new MemoryStream(pdf);
        var listed = Assert.Single(PdfSignatureFields.List(stream, CancellationToken.None));

        Assert.NotNull(field.Field["Kids"]);
        Assert.Null(field.Field["Subtype"]);
        Assert.Equal((FieldName, false, 1), (listed.Name, listed.IsSigned, listed.Page));
        Assert.Equal([320.0, 50, 200, 60], listed.Rect!);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Signing_into_the_separate_widget_field_fills_it_and_pdfsig_agrees(bool visible, bool objectStreams)
    {
        var pki = SharedPki.WithRsaSigners;
        using var nss = await NssDatabase.CreateAsync(pki);
        var signed = await SignedPdfs.SignAsync(await WrittenByQpdfAsync(objectStreams), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions
        {
            FieldName = FieldName,
            Appearance = visible ? new PdfSignatureAppearance(0, 0, 1, 1) : null,
        });

        var verdicts = await Judges.JudgeAsync(signed, pki, nss);
        output.WriteLine(verdicts.Table($"ours into a separate-widget field (visible {visible}, object streams {objectStreams})"));
        using var stream = new MemoryStream(signed);
        var listed = Assert.Single(PdfSignatureFields.List(stream, CancellationToken.None));
        var document = PdfDocument.Open(signed);
        var field = document.GetSignatureFields().Single();
        var widget = document.ResolveDictionary(((PdfArray)document.Resolve(field.Field["Kids"])!).Items[0])!;

        Assert.Equal((FieldName, true), (listed.Name, listed.IsSigned));
        var signature = Assert.Single(verdicts.Ours.Signatures);
        Assert.Equal(FieldName, signature.FieldName);
        Assert.True(signature.IsAcceptable, string.Join("; ", signature.Errors));
        Assert.Equal("[320 50 520 110]", "[" + string.Join(' ', ((PdfArray)widget["Rect"]!).Items.Select(i => i.ToString())) + "]");
        Assert.Equal(visible, widget.ContainsKey("AP"));
        Assert.True(verdicts.PdfsigAllValid, string.Join("\n", verdicts.Pdfsig));
        Assert.True(verdicts.QpdfClean, verdicts.Qpdf);
    }

    [Fact]
    public async Task Filling_the_separate_widget_field_after_an_earlier_signature_keeps_that_one_allowed_and_pdfsig_agrees()
    {
        var pki = SharedPki.WithRsaSigners;
        using var nss = await NssDatabase.CreateAsync(pki);
        var first = await SignedPdfs.SignAsync(await WrittenByQpdfAsync(objectStreams: false), pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { Appearance = new PdfSignatureAppearance(40, 40, 200, 60) });

        var both = await SignedPdfs.SignAsync(first, pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions { FieldName = FieldName, Appearance = new PdfSignatureAppearance(0, 0, 1, 1) });

        var verdicts = await Judges.JudgeAsync(both, pki, nss);
        output.WriteLine(verdicts.Table("our seal, then ours into the separate-widget field"));
        Assert.Equal(2, verdicts.Ours.Signatures.Count);
        Assert.All(verdicts.Ours.Signatures, s => Assert.True(s.IsAcceptable, string.Join("; ", s.Errors.Concat(s.Modifications.Select(m => m.Description)))));
        Assert.Equal(ModificationVerdict.Allowed, verdicts.Ours.Signatures.Single(s => !s.Coverage!.IsLastRevision).ModificationVerdict);
        Assert.True(verdicts.PdfsigAllValid, string.Join("\n", verdicts.Pdfsig));
    }

    [Fact]
    public async Task Pdfsig_signs_the_separate_widget_field_then_ours_adds_a_seal_and_both_stay_valid()
    {
        var pki = SharedPki.WithRsaSigners;
        using var nss = await NssDatabase.CreateAsync(pki);
        var nickname = await nss.ImportKeyAsync(pki.PersonalSigner, pki.AgencyChain);
        var theirs = await EmptySignatureFieldTests.PdfsigSignAsync(nss, nickname, await WrittenByQpdfAsync(objectStreams: true), FieldName);

        var both = await SignedPdfs.SignAsync(theirs, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { Appearance = new PdfSignatureAppearance(40, 40, 200, 60) });

        var verdicts = await Judges.JudgeAsync(both, pki, nss);
        output.WriteLine(verdicts.Table("pdfsig into the separate-widget field, then our seal"));
        Assert.Equal(2, verdicts.Ours.Signatures.Count);
        Assert.All(verdicts.Ours.Signatures, s => Assert.True(s.IsAcceptable, string.Join("; ", s.Errors.Concat(s.Modifications.Select(m => m.Description)))));
        Assert.Equal(ModificationVerdict.Allowed, verdicts.Ours.Signatures.Single(s => !s.Coverage!.IsLastRevision).ModificationVerdict);
        Assert.True(verdicts.PdfsigAllValid, string.Join("\n", verdicts.Pdfsig));
    }
}
