using DocExchange.Core.Statuses;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Signatures;
using DocExchange.EdXml.Tests.Support;

namespace DocExchange.EdXml.Tests.RoundTrips;

/// <summary>native → edXML → native keeps every field, over generated documents (fixed seeds) and every status code.</summary>
public sealed class NativeRoundTripTests
{
    [Theory]
    [MemberData(nameof(GeneratedDocuments.Seeds), MemberType = typeof(GeneratedDocuments))]
    public async Task A_generated_document_comes_back_from_edxml_with_every_field_and_attachment(int seed)
    {
        var generated = new GeneratedDocuments(seed);
        var header = generated.Header();
        var attachments = generated.Attachments();

        await using var read = await Packages.ReadAsync(await Packages.WriteAsync(header, attachments));

        Assert.Equal(Packages.Fields(header), Packages.Fields(read.Header));
        Assert.Null(read.Status);
        Assert.Equal(Packages.Fields(attachments.Select(a => a.Reference)), Packages.Fields(read.Manifest));
        Assert.Equal(
            attachments.Select(a => GeneratedDocuments.Sha256(a.Content)),
            read.Attachments.Select(a => GeneratedDocuments.Sha256(Packages.Content(a))));
        Assert.Equal(attachments.Select(a => (long)a.Content.Length), read.Attachments.Select(a => a.Length));
        Assert.Equal(EdXmlSignatureStatus.Absent, read.Signature.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public async Task The_attachment_count_bounds_come_back_exactly(int count)
    {
        var generated = new GeneratedDocuments(77);
        var attachments = generated.Attachments(count);

        await using var read = await Packages.ReadAsync(await Packages.WriteAsync(generated.Header(), attachments));

        Assert.Equal(count, read.Attachments.Count);
        Assert.Equal(attachments.Select(a => a.Reference.ContentId), read.Attachments.Select(a => a.Reference.ContentId));
    }

    [Theory]
    [InlineData(StatusCode.Arrived)]
    [InlineData(StatusCode.Rejected)]
    [InlineData(StatusCode.Accepted)]
    [InlineData(StatusCode.Assigned)]
    [InlineData(StatusCode.Processing)]
    [InlineData(StatusCode.Done)]
    [InlineData(StatusCode.RecallRequested)]
    [InlineData(StatusCode.Agreed)]
    [InlineData(StatusCode.Refused)]
    public async Task A_status_comes_back_from_an_edxml_status_package_with_every_field(StatusCode code)
    {
        var status = new GeneratedDocuments((int)code).Status(code);

        var package = await Packages.WriteStatusAsync(status);
        await using var read = await Packages.ReadAsync(package);

        Assert.Equal(Packages.Fields(status), Packages.Fields(read.Status));
        Assert.Equal(status.Timestamp.Offset, read.Status!.Timestamp.Offset);
        Assert.Null(read.Header);
        Assert.Contains($"<edXML:StatusCode>{(int)code:00}</edXML:StatusCode>", System.Text.Encoding.UTF8.GetString(package), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vietnamese_text_keeps_its_normalisation_form()
    {
        const string nfc = "Ủy ban nhân dân tỉnh Nghệ An";
        const string nfd = GeneratedDocuments.NfdProvince;
        Assert.NotEqual(nfc.Length, nfd.Length);
        var header = SamplePackages.MinimalHeader() with { Subject = nfd, Content = nfc };

        await using var read = await Packages.ReadAsync(await Packages.WriteAsync(header, []));

        Assert.Equal(nfd, read.Header!.Subject, StringComparer.Ordinal);
        Assert.Equal(nfc, read.Header.Content, StringComparer.Ordinal);
    }

    [Fact]
    public async Task Zipped_attachments_come_back_unzipped_when_both_sides_say_so()
    {
        var generated = new GeneratedDocuments(5);
        var attachments = generated.Attachments(3);
        var zipped = await Packages.WriteAsync(generated.Header(), attachments, options: new EdXmlWriterOptions { ZipAttachments = true });

        await using var read = await Packages.ReadAsync(zipped, new EdXmlReaderOptions { AttachmentsZipped = true });

        Assert.Equal(attachments.Select(a => GeneratedDocuments.Sha256(a.Content)), read.Attachments.Select(a => GeneratedDocuments.Sha256(Packages.Content(a))));
    }

    [Fact]
    public async Task The_business_block_spelling_is_the_configured_one_both_ways()
    {
        var header = SamplePackages.MinimalHeader() with { Business = new EdXmlBusiness(Core.Documents.BusinessDocType.Recall, "nhầm nơi nhận") };
        var options = new EdXmlWriterOptions { BusinessSpelling = "Business" };

        var package = await Packages.WriteAsync(header, [], options: options);
        var text = System.Text.Encoding.UTF8.GetString(package);
        await using var read = await Packages.ReadAsync(package, new EdXmlReaderOptions { BusinessSpelling = "Business" });

        Assert.Contains("<edXML:BusinessDocType>1</edXML:BusinessDocType>", text, StringComparison.Ordinal);
        Assert.Equal(Packages.Fields(header.Business), Packages.Fields(read.Header!.Business));
        var refused = await Packages.RefusedAsync(package);
        Assert.Equal(EdXmlErrorKind.NotSupported, refused.Kind);
        Assert.Contains("Business", refused.Element, StringComparison.Ordinal);
    }
}
