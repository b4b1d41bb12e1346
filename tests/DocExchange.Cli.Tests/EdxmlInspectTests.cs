using System.Text;
using DocExchange.Core.Agencies;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Signatures;
using DocExchange.EdXml.Writing;
using DocExchange.Signing.Pki;
using DocExchange.Testing.Pki;

namespace DocExchange.Cli.Tests;

/// <summary><c>dx edxml inspect</c>: header, attachments and envelope signature of a package, offline.</summary>
public sealed class EdxmlInspectTests : IDisposable
{
    private static readonly Lazy<SamplePki> Pki = new(() => SamplePki.Create());
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public EdxmlInspectTests()
    {
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task An_unsigned_package_shows_its_header_and_attachments_in_json()
    {
        var file = await WriteAsync("plain.edxml", signer: null);

        var result = await _dx.RunAsync("edxml", "inspect", file, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal("document", json.GetProperty("kind").GetString());
        Assert.Equal("000.00.00.G22", json.GetProperty("header").GetProperty("from").GetString());
        Assert.Equal("Về việc thử nghiệm", json.GetProperty("header").GetProperty("subject").GetString());
        var attachment = json.GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("công văn.pdf", attachment.GetProperty("name").GetString());
        Assert.Equal(5, attachment.GetProperty("size").GetInt64());
        Assert.Equal("absent", json.GetProperty("signature").GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_signed_package_shows_the_valid_signature_and_its_signer()
    {
        var file = await WriteAsync("signed.edxml", new EdXmlEnvelopeSigner(Pki.Value.OrganisationSeal));

        var result = await _dx.RunAsync("edxml", "inspect", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Envelope signature valid", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(Pki.Value.OrganisationSeal.Thumbprint, result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_changed_after_signing_exits_1_saying_the_signature_is_invalid()
    {
        var file = await WriteAsync("tampered.edxml", new EdXmlEnvelopeSigner(Pki.Value.OrganisationSeal));
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("7816", "7817", StringComparison.Ordinal));

        var result = await _dx.RunAsync("edxml", "inspect", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Envelope signature invalid", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_package_is_refused_in_one_line_without_a_stack_trace()
    {
        var file = _home.File("xxe.edxml");
        await File.WriteAllTextAsync(file, $"""
            <?xml version="1.0"?>
            <!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <edXML:edXML xmlns:edXML="{EdXmlNames.Namespace}">&xxe;</edXML:edXML>
            """);

        var result = await _dx.RunAsync("edxml", "inspect", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("is refused as an edXML package", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("DTD", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> WriteAsync(string name, EdXmlEnvelopeSigner? signer)
    {
        var header = new EdXmlMessageHeader(
            new EdXmlOrganization(AgencyCode.Parse("000.00.00.G22"), OrganName: "Văn phòng Chính phủ"),
            [new EdXmlOrganization(AgencyCode.Parse("000.00.00.H41"))],
            "7816",
            "VPCP-TTĐT",
            "Về việc thử nghiệm");
        var attachment = new EdXmlOutgoingAttachment(new EdXmlReference("a1", "application/pdf", "công văn.pdf"),
            _ => ValueTask.FromResult<Stream>(new MemoryStream(Encoding.ASCII.GetBytes("hello"))));
        var file = _home.File(name);
        await using var output = File.Create(file);
        await EdXmlPackageWriter.WriteDocumentAsync(output, header, [attachment], new EdXmlWriterOptions(), signer, CancellationToken.None);
        return file;
    }
}
