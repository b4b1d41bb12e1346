using System.Text;
using DocExchange.EdXml.Signatures;
using DocExchange.EdXml.Tests.Support;

namespace DocExchange.EdXml.Tests.Signatures;

/// <summary>The envelope signature: ours verify with our reader and with xmlsec1; tampering after signing is caught.</summary>
public sealed class EnvelopeSignatureTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public static readonly TheoryData<string> Algorithms = new() { "RSA", "ECDSA" };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_package_signed_with_the_agency_seal_verifies_as_valid_naming_the_signer(string algorithm)
    {
        var pki = SealPki.For(algorithm);
        var generated = new GeneratedDocuments(3);

        await using var read = await Packages.ReadAsync(await Packages.WriteAsync(generated.Header(), generated.Attachments(2), Signer(pki)));

        Assert.Equal(EdXmlSignatureStatus.Valid, read.Signature.Status);
        Assert.Equal(pki.OrganisationSeal.Thumbprint, read.Signature.Signer!.Thumbprint);
        Assert.True(read.Signature.CoversManifest);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_signed_status_package_verifies_as_valid(string algorithm)
    {
        var pki = SealPki.For(algorithm);
        var status = new GeneratedDocuments(9).Status(Core.Statuses.StatusCode.Accepted);

        await using var read = await Packages.ReadAsync(await Packages.WriteStatusAsync(status, Signer(pki)));

        Assert.Equal(EdXmlSignatureStatus.Valid, read.Signature.Status);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task Xmlsec1_accepts_our_envelope_signature_against_the_agency_ca(string algorithm)
    {
        var pki = SealPki.For(algorithm);
        var generated = new GeneratedDocuments(4);
        var package = await Packages.WriteAsync(generated.Header(), generated.Attachments(3), Signer(pki));

        var result = await Xmlsec.VerifyAsync(_folder, pki, package);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("OK", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xmlsec1_refuses_our_signature_when_only_another_root_is_trusted()
    {
        var package = await Packages.WriteAsync(SamplePackages.MinimalHeader(), [], Signer(SealPki.For("RSA")));

        var result = await Xmlsec.VerifyAsync(_folder, SealPki.For("ECDSA"), package);

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Xmlsec1_refuses_our_signature_once_the_header_is_changed()
    {
        var pki = SealPki.For("RSA");
        var package = await Packages.WriteAsync(SamplePackages.MinimalHeader(), [], Signer(pki));

        var result = await Xmlsec.VerifyAsync(_folder, pki, Replace(package, "Về việc thử nghiệm", "Về việc khác"));

        Assert.NotEqual(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_package_signed_by_xmlsec1_from_a_template_verifies_with_our_reader(string algorithm)
    {
        var pki = SealPki.For(algorithm);
        var method = algorithm == "RSA" ? "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" : "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
        var template = SamplePackages.Document(messageHeader: SamplePackages.MessageHeader + SignatureTemplate(method))
            .Replace("<edXML:edXMLHeader>", "<edXML:edXMLHeader Id=\"hdr-1\">", StringComparison.Ordinal);

        var signed = await Xmlsec.SignAsync(_folder, pki, template);
        await using var read = await Packages.ReadAsync(signed);

        Assert.Equal(EdXmlSignatureStatus.Valid, read.Signature.Status);
        Assert.Equal(pki.OrganisationSeal.Thumbprint, read.Signature.Signer!.Thumbprint);
        Assert.False(read.Signature.CoversManifest);
    }

    [Fact]
    public async Task A_header_changed_after_signing_is_invalid()
    {
        var package = await Packages.WriteAsync(SamplePackages.MinimalHeader(), [], Signer(SealPki.For("RSA")));

        await using var read = await Packages.ReadAsync(Replace(package, "7816", "7817"));

        Assert.Equal(EdXmlSignatureStatus.Invalid, read.Signature.Status);
        Assert.Contains("changed after signing", read.Signature.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task A_manifest_changed_after_signing_is_invalid(string algorithm)
    {
        var generated = new GeneratedDocuments(6);
        var attachments = generated.Attachments(1);
        var package = await Packages.WriteAsync(generated.Header(), attachments, Signer(SealPki.For(algorithm)));
        var name = Encoding.UTF8.GetBytes(System.Security.SecurityElement.Escape(attachments[0].Reference.AttachmentName)!);

        await using var read = await Packages.ReadAsync(Replace(package, Encoding.UTF8.GetString(name), "khac.exe"));

        Assert.Equal(EdXmlSignatureStatus.Invalid, read.Signature.Status);
    }

    [Fact]
    public async Task A_signature_whose_key_info_names_another_certificate_is_invalid()
    {
        var pki = SealPki.For("RSA");
        var package = Encoding.UTF8.GetString(await Packages.WriteAsync(SamplePackages.MinimalHeader(), [], Signer(pki)));
        var ours = Convert.ToBase64String(pki.OrganisationSeal.RawData);
        var other = Convert.ToBase64String(pki.PersonalSigner.RawData);
        Assert.Contains(ours, package, StringComparison.Ordinal);

        await using var read = await Packages.ReadAsync(package.Replace(ours, other, StringComparison.Ordinal));

        Assert.Equal(EdXmlSignatureStatus.Invalid, read.Signature.Status);
    }

    [Fact]
    public async Task A_signature_value_that_is_not_base64_is_invalid_not_an_unexpected_error()
    {
        var package = Encoding.UTF8.GetString(await Packages.WriteAsync(SamplePackages.MinimalHeader(), [], Signer(SealPki.For("RSA"))));
        var start = package.IndexOf("<SignatureValue>", StringComparison.Ordinal) + "<SignatureValue>".Length;
        var end = package.IndexOf("</SignatureValue>", StringComparison.Ordinal);

        await using var read = await Packages.ReadAsync(package[..start] + "@@@@" + package[end..]);

        Assert.Equal(EdXmlSignatureStatus.Invalid, read.Signature.Status);
        Assert.Contains("malformed", read.Signature.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_package_reports_the_signature_as_absent()
    {
        await using var read = await Packages.ReadAsync(SamplePackages.Document());

        Assert.Equal(EdXmlSignatureStatus.Absent, read.Signature.Status);
        Assert.Null(read.Signature.Signer);
    }

    [Fact]
    public async Task A_signature_referencing_the_whole_document_is_invalid()
    {
        var template = SamplePackages.Document(messageHeader: SamplePackages.MessageHeader + SignatureTemplate("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", uri: ""));

        var signed = await Xmlsec.SignAsync(_folder, SealPki.For("RSA"), template);
        await using var read = await Packages.ReadAsync(signed);

        Assert.Equal(EdXmlSignatureStatus.Invalid, read.Signature.Status);
        Assert.Contains("references ''", read.Signature.Reason, StringComparison.Ordinal);
    }

    private static EdXmlEnvelopeSigner Signer(DocExchange.Testing.Pki.SamplePki pki) => new(pki.OrganisationSeal);

    private static byte[] Replace(byte[] package, string from, string to)
    {
        var text = Encoding.UTF8.GetString(package);
        Assert.Contains(from, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
    }

    private static string SignatureTemplate(string method, string uri = "#hdr-1") => $"""
        <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">
          <SignedInfo>
            <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            <SignatureMethod Algorithm="{method}"/>
            <Reference URI="{uri}">
              <Transforms>
                <Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
                <Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
              </Transforms>
              <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
              <DigestValue/>
            </Reference>
          </SignedInfo>
          <SignatureValue/>
          <KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>
        </Signature>
        """;

    public void Dispose() => _folder.Dispose();
}
