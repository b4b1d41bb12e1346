using System.IO.Compression;
using System.Text;
using DocExchange.EdXml.Tests.Support;
using static DocExchange.EdXml.Tests.Support.SamplePackages;

namespace DocExchange.EdXml.Tests.Hostile;

/// <summary>Each hostile input is refused with a typed error naming the element or the limit, and leaves no file behind.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly ReaderScratch _scratch = new();

    [Fact]
    public async Task The_unmodified_sample_package_is_accepted()
    {
        await using var read = await Packages.ReadAsync(Document(), Options());

        Assert.Equal("hello", Encoding.ASCII.GetString(Packages.Content(read.Attachments.Single())));
    }

    [Fact]
    public async Task An_external_entity_is_refused_without_being_resolved()
    {
        var xxe = Document(beforeRoot: "<!DOCTYPE edXML:edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>")
            .Replace("Về việc thử nghiệm", "&xxe;", StringComparison.Ordinal);

        var refused = await RefusedAsync(xxe, EdXmlErrorKind.Invalid, element: "DOCTYPE");

        Assert.DoesNotContain("root:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entity_expansion_is_refused()
    {
        var laughs = new StringBuilder("<!DOCTYPE edXML:edXML [<!ENTITY l0 \"lol\">");
        for (var i = 1; i < 10; i++) laughs.Append($"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">");
        laughs.Append("]>");

        await RefusedAsync(Document(beforeRoot: laughs.ToString()).Replace("Về việc thử nghiệm", "&l9;", StringComparison.Ordinal), EdXmlErrorKind.Invalid, element: "DOCTYPE");
    }

    [Fact]
    public async Task Excessive_depth_is_refused_naming_the_limit()
    {
        var deep = string.Concat(Enumerable.Repeat("<edXML:Content>", 40)) + string.Concat(Enumerable.Repeat("</edXML:Content>", 40));

        await RefusedAsync(Document(messageHeader: MessageHeader.Replace("</edXML:MessageHeader>", deep + "</edXML:MessageHeader>", StringComparison.Ordinal)),
            EdXmlErrorKind.LimitExceeded, limit: "MaxDepth");
    }

    [Fact]
    public async Task An_excessive_element_count_is_refused_naming_the_limit()
    {
        var places = "<edXML:ToPlaces>" + string.Concat(Enumerable.Repeat("<edXML:Place>Như trên</edXML:Place>", 200)) + "</edXML:ToPlaces>";

        await RefusedAsync(Document(messageHeader: MessageHeader.Replace("</edXML:MessageHeader>", places + "</edXML:MessageHeader>", StringComparison.Ordinal)),
            EdXmlErrorKind.LimitExceeded, limit: "MaxElements", options: Options() with { MaxElements = 100 });
    }

    [Fact]
    public async Task An_oversized_text_field_is_refused_naming_the_limit_and_the_element()
    {
        var refused = await RefusedAsync(Document().Replace("Về việc thử nghiệm", new string('x', 300_000), StringComparison.Ordinal),
            EdXmlErrorKind.LimitExceeded, limit: "MaxTextLength");

        Assert.Contains("Subject", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_envelope_is_refused_naming_the_limit()
    {
        var places = "<edXML:ToPlaces>" + string.Concat(Enumerable.Repeat($"<edXML:Place>{new string('p', 1000)}</edXML:Place>", 100)) + "</edXML:ToPlaces>";

        await RefusedAsync(Document(messageHeader: MessageHeader.Replace("</edXML:MessageHeader>", places + "</edXML:MessageHeader>", StringComparison.Ordinal)),
            EdXmlErrorKind.LimitExceeded, limit: "MaxEnvelopeCharacters", options: Options() with { MaxEnvelopeCharacters = 50_000 });
    }

    [Fact]
    public async Task A_huge_base64_line_is_refused_naming_the_limit()
    {
        var line = Convert.ToBase64String(new byte[3000]);

        await RefusedAsync(Document(attachments: Attachment("a1", line)), EdXmlErrorKind.LimitExceeded, limit: "MaxBase64LineLength",
            options: Options() with { MaxBase64LineLength = 1000 });
    }

    [Fact]
    public async Task An_attachment_over_the_size_limit_is_refused_naming_the_limit()
    {
        await RefusedAsync(Document(attachments: Attachment("a1", Convert.ToBase64String(new byte[100_000], Base64FormattingOptions.InsertLineBreaks))),
            EdXmlErrorKind.LimitExceeded, limit: "MaxAttachmentBytes", options: Options() with { MaxAttachmentBytes = 50_000 });
    }

    [Fact]
    public async Task Too_many_attachments_are_refused_naming_the_limit()
    {
        var ids = Enumerable.Range(0, 5).Select(i => $"a{i}").ToList();

        await RefusedAsync(Document(manifest: string.Concat(ids.Select(Reference)), attachments: string.Concat(ids.Select(id => Attachment(id, "aGk=")))),
            EdXmlErrorKind.LimitExceeded, limit: "MaxAttachments", options: Options() with { MaxAttachments = 4 });
    }

    [Fact]
    public async Task A_root_in_another_namespace_is_refused_naming_it()
    {
        var refused = await RefusedAsync(Document().Replace(Ns, "http://example.org/not-edxml", StringComparison.Ordinal), EdXmlErrorKind.Invalid, element: "edXML");

        Assert.Contains("http://example.org/not-edxml", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_field_in_another_namespace_is_refused_naming_it()
    {
        var foreign = MessageHeader.Replace("<edXML:Subject>", "<edXML:Subject xmlns:edXML=\"http://example.org/other\">", StringComparison.Ordinal);

        await RefusedAsync(Document(messageHeader: foreign), EdXmlErrorKind.Invalid, element: "edXMLEnvelope/edXMLHeader/MessageHeader/Subject");
    }

    [Theory]
    [InlineData("<edXML:OrganId>000.00.00.G22</edXML:OrganId>", "", "MessageHeader/From/OrganId")]
    [InlineData("<edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>", "", "MessageHeader/To")]
    [InlineData("<edXML:Subject>Về việc thử nghiệm</edXML:Subject>", "", "MessageHeader/Subject")]
    [InlineData("<edXML:CodeNumber>7816</edXML:CodeNumber>", "", "MessageHeader/Code/CodeNumber")]
    [InlineData("<edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation>", "<edXML:CodeNotation> </edXML:CodeNotation>", "MessageHeader/Code/CodeNotation")]
    public async Task A_missing_mandatory_field_is_refused_naming_it(string field, string replacement, string element)
    {
        Assert.Contains(field, MessageHeader, StringComparison.Ordinal);

        var refused = await RefusedAsync(Document(messageHeader: MessageHeader.Replace(field, replacement, StringComparison.Ordinal)), EdXmlErrorKind.Invalid, element: element);

        Assert.Contains(element, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_agency_code_is_refused_with_the_expected_form()
    {
        var refused = await RefusedAsync(Document().Replace("000.00.00.H41", "H41.151", StringComparison.Ordinal), EdXmlErrorKind.Invalid, element: "MessageHeader/To/OrganId");

        Assert.Contains("DDD.CC.BB.Xnn", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_naming_an_attachment_the_package_lacks_is_refused()
    {
        var refused = await RefusedAsync(Document(manifest: Reference("a1") + Reference("a2")), EdXmlErrorKind.Invalid, element: "Reference/ContentId");

        Assert.Contains("'a2'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attachment_the_manifest_does_not_list_is_refused()
    {
        var refused = await RefusedAsync(Document(attachments: Attachment("a1", "aGk=") + Attachment("extra", "aGk=")), EdXmlErrorKind.Invalid, element: "Attachment/ContentId");

        Assert.Contains("'extra'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_base64_is_refused_naming_the_element()
    {
        await RefusedAsync(Document(attachments: Attachment("a1", "aGVs!bG8=")), EdXmlErrorKind.Invalid, element: "ContentTransferEncoded");
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_by_the_compression_ratio_limit()
    {
        var bomb = Zip(new byte[30 * 1024 * 1024]);
        Assert.True(bomb.Length < 100_000);

        await RefusedAsync(Document(attachments: Attachment("a1", Convert.ToBase64String(bomb))), EdXmlErrorKind.LimitExceeded, limit: "MaxCompressionRatio",
            options: Options() with { AttachmentsZipped = true });
    }

    [Fact]
    public async Task A_zipped_attachment_unzipping_beyond_the_size_limit_is_refused()
    {
        var content = new byte[300_000];
        new Random(1).NextBytes(content);

        await RefusedAsync(Document(attachments: Attachment("a1", Convert.ToBase64String(Zip(content)))), EdXmlErrorKind.LimitExceeded, limit: "MaxAttachmentBytes",
            options: Options() with { AttachmentsZipped = true, MaxAttachmentBytes = 200_000 });
    }

    [Fact]
    public async Task An_unknown_header_element_is_refused_as_not_supported_naming_it()
    {
        var extra = MessageHeader.Replace("</edXML:MessageHeader>", "<edXML:SecretField>x</edXML:SecretField></edXML:MessageHeader>", StringComparison.Ordinal);

        var refused = await RefusedAsync(Document(messageHeader: extra), EdXmlErrorKind.NotSupported, element: "MessageHeader/SecretField");

        Assert.StartsWith("not supported: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_attribute_is_refused_as_not_supported_naming_it()
    {
        await RefusedAsync(Document().Replace("<edXML:Subject>", "<edXML:Subject lang=\"vi\">", StringComparison.Ordinal), EdXmlErrorKind.NotSupported, element: "Subject/@lang");
    }

    [Fact]
    public async Task An_unknown_status_code_is_refused_listing_the_valid_ones()
    {
        var status = $"""
            <edXML:edXML xmlns:edXML="{Ns}"><edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:Status>
              <edXML:ResponseFor><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:DocumentId>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</edXML:DocumentId></edXML:ResponseFor>
              <edXML:From><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:From>
              <edXML:StatusCode>07</edXML:StatusCode><edXML:Timestamp>2026-12-05T09:00:00+07:00</edXML:Timestamp>
            </edXML:Status></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML:edXML>
            """;

        var refused = await RefusedAsync(status, EdXmlErrorKind.Invalid, element: "Status/StatusCode");

        Assert.Contains("01, 02, 03, 04, 05, 06, 13, 15, 16", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xml_that_is_not_well_formed_is_refused()
    {
        await RefusedAsync(Document().Replace("</edXML:Subject>", "</edXML:Subjekt>", StringComparison.Ordinal), EdXmlErrorKind.Invalid);
    }

    [Fact]
    public async Task A_legacy_envelope_that_maps_without_loss_is_read()
    {
        var legacy = $"""
            <EdXMLEnvelope xmlns="{EdXmlNames.LegacyNamespace}"><edXMLHeader>{MessageHeader.Replace("edXML:", "", StringComparison.Ordinal)}</edXMLHeader></EdXMLEnvelope>
            """;

        await using var read = await Packages.ReadAsync(legacy, Options());

        Assert.Equal(Model.EdXmlFormat.LegacyEdoc, read.Format);
        Assert.Equal("Về việc thử nghiệm", read.Header!.Subject);
    }

    [Fact]
    public async Task A_legacy_envelope_holding_what_does_not_map_is_refused_as_not_supported_naming_it()
    {
        var legacy = $"""
            <EdXMLEnvelope xmlns="{EdXmlNames.LegacyNamespace}"><EdXMLHeader/></EdXMLEnvelope>
            """;

        var refused = await RefusedAsync(legacy, EdXmlErrorKind.NotSupported, element: "EdXMLEnvelope/EdXMLHeader");

        Assert.StartsWith("not supported: ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_map_to_invalid_argument_or_resource_exhausted()
    {
        Assert.Equal(Core.Errors.ExchangeErrorKind.InvalidArgument, new EdXmlException(EdXmlErrorKind.Invalid, "x").ToExchangeKind());
        Assert.Equal(Core.Errors.ExchangeErrorKind.InvalidArgument, new EdXmlException(EdXmlErrorKind.NotSupported, "x").ToExchangeKind());
        Assert.Equal(Core.Errors.ExchangeErrorKind.ResourceExhausted, new EdXmlException(EdXmlErrorKind.LimitExceeded, "x").ToExchangeKind());
    }

    private EdXmlReaderOptions Options() => _scratch.Options();

    /// <summary>Reads, expects the refusal of that kind naming the element or limit, and checks that the decoded attachments were deleted.</summary>
    private async Task<EdXmlException> RefusedAsync(string xml, EdXmlErrorKind kind, string? element = null, string? limit = null, EdXmlReaderOptions? options = null)
    {
        var refused = await _scratch.RefusedAsync(xml, options);
        Assert.Equal(kind, refused.Kind);
        if (element is not null) Assert.Contains(element, refused.Element ?? string.Empty, StringComparison.Ordinal);
        if (limit is not null)
        {
            Assert.Equal(limit, refused.Limit);
            Assert.Contains(limit, refused.Message, StringComparison.Ordinal);
        }
        return refused;
    }

    private static byte[] Zip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("tep.pdf", CompressionLevel.SmallestSize).Open();
            entry.Write(content);
        }
        return buffer.ToArray();
    }

    public void Dispose() => _scratch.Dispose();
}
