using DocExchange.EdXml.Tests.Support;

namespace DocExchange.EdXml.Tests.Judges;

/// <summary>xmllint judges what we write: well-formed, every element in the edXML namespace under its prefix (the signature in XML-DSig's).</summary>
public sealed class XmllintTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(34, true)]
    public async Task Xmllint_finds_our_document_package_well_formed_and_in_the_edxml_namespace(int seed, bool signed)
    {
        var generated = new GeneratedDocuments(seed);
        var signer = signed ? new DocExchange.EdXml.Signatures.EdXmlEnvelopeSigner(SealPki.For("RSA").OrganisationSeal) : null;
        var file = _folder.File($"package-{seed}.edxml");
        await File.WriteAllBytesAsync(file, await Packages.WriteAsync(generated.Header(), generated.Attachments(3), signer));

        await AssertJudgedWellFormedAsync(file);
        Assert.Equal("3", await Xmllint.XPathAsync(file, "count(/*/*[local-name()='AttachmentEncoded']/*[local-name()='Attachment'])"));
        Assert.Equal(signed ? "1" : "0", await Xmllint.XPathAsync(file, "count(//*[local-name()='edXMLHeader']/*[namespace-uri()='http://www.w3.org/2000/09/xmldsig#' and local-name()='Signature'])"));
    }

    [Fact]
    public async Task Xmllint_finds_our_status_package_well_formed_and_in_the_edxml_namespace()
    {
        var file = _folder.File("status.edxml");
        await File.WriteAllBytesAsync(file, await Packages.WriteStatusAsync(new GeneratedDocuments(4).Status(Core.Statuses.StatusCode.Done)));

        await AssertJudgedWellFormedAsync(file);
        Assert.Equal("06", await Xmllint.XPathAsync(file, "string(//*[local-name()='Status']/*[local-name()='StatusCode'])"));
    }

    private static async Task AssertJudgedWellFormedAsync(string file)
    {
        var result = await ExternalTool.RunAsync("xmllint", "--nonet", "--noout", file);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(EdXmlNames.Namespace, await Xmllint.XPathAsync(file, "namespace-uri(/*)"));
        Assert.Equal("edXML:edXML", await Xmllint.XPathAsync(file, "name(/*)"));
        Assert.Equal("0", await Xmllint.XPathAsync(file,
            $"count(//*[namespace-uri()!='{EdXmlNames.Namespace}' and not(ancestor-or-self::*[namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])])"));
        Assert.Equal("0", await Xmllint.XPathAsync(file, $"count(//*[namespace-uri()='{EdXmlNames.Namespace}' and substring-before(name(), ':')!='edXML'])"));
    }

    public void Dispose() => _folder.Dispose();
}
