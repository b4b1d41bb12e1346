using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Signatures;
using DocExchange.EdXml.Writing;
using DocExchange.Protocol.V1;
using PartKind = DocExchange.Protocol.V1.PartKind;
using StaffInfo = DocExchange.Core.Statuses.StaffInfo;
using StatusCode = DocExchange.Core.Statuses.StatusCode;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>edXML packages through the real server: in, out, signed, and back to native.</summary>
public sealed class EdXmlExchangeTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private readonly TempDirectory _folder = new();

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_native_document_fetched_as_edXML_is_well_formed_for_xmllint_and_its_envelope_verifies_with_xmlsec1_against_the_seal_of_G22()
    {
        var pdf = SamplePdf.Create("Cong van gui qua giao dien goc");
        var header = Exchanges.Header("native-1", TestServer.H41, pdf);
        header.Document.Content = "Nội dung: đề nghị phối hợp.";
        header.Document.DueDate = "2026/12/31";
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), header, pdf);

        var package = await EdXmlCalls.FetchPackageAsync(_server.Agency(TestServer.H41), sent.DocumentId);

        var file = _folder.File("native.edxml");
        await File.WriteAllBytesAsync(file, package);
        var xmllint = await EdXmlJudges.XmllintAsync(file);
        Assert.True(xmllint.ExitCode == 0, xmllint.Output);
        var xmlsec = await EdXmlJudges.XmlsecVerifyAsync(file);
        Assert.True(xmlsec.ExitCode == 0, xmlsec.Output);
        await using var read = await ReadAsync(package);
        Assert.Equal(EdXmlSignatureStatus.Valid, read.Signature.Status);
        Assert.Equal(X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("signing/seal-G22.crt")).Thumbprint, read.Signature.Signer!.Thumbprint);
        Assert.Equal(sent.DocumentId, read.Header!.DocumentId!.ToString());
        Assert.Equal(header.Document.Subject, read.Header.Subject);
        Assert.Equal("Nội dung: đề nghị phối hợp.", read.Header.Content);
        Assert.Equal(new DateOnly(2026, 12, 31), read.Header.DueDate);
        Assert.Equal(TestServer.G22, read.Header.Trace.Single().OrganId.Value);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(read.Attachments.Single().FilePath));
        Assert.Equal("main", read.Attachments[0].Reference.ContentId);
    }

    [Fact]
    public async Task A_hand_written_package_with_Vietnamese_text_and_three_attachments_sent_as_edXML_keeps_every_field_when_fetched_natively()
    {
        HandWrittenPackage.Part[] parts =
        [
            new("congvan", "application/pdf", "Công văn 1234.pdf", SamplePdf.Create("Cong van 1234")),
            new("phuluc-1", "text/csv", "Danh sách đầu mối.csv", "Đơn vị,Đầu mối\nSở TT&TT,Nguyễn Thị Bình\n"u8.ToArray()),
            new("phuluc-2", "application/octet-stream", "bang-tinh.xlsx", Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray()),
        ];
        var package = HandWrittenPackage.Bytes(HandWrittenPackage.Document(parts));

        var sent = await EdXmlCalls.SendPackageAsync(_server.Agency(TestServer.G22), "edxml-1", package, chunkSize: 4096);

        Assert.Equal(EnvelopeSignatureStatus.Absent, sent.Validation.EnvelopeSignature.Status);
        Assert.Equal("000.00.00.G22,2026/12/01,1234/VPCP-KSTT", sent.DocumentId);
        var fetched = await NativeFetch.RunAsync(_server.Agency(TestServer.H41), sent.DocumentId);
        var h = fetched.Header.Header;
        Assert.Equal(new Organization
        {
            OrganId = TestServer.G22, OrganizationInCharge = TestServer.G22, OrganName = "Văn phòng Chính phủ", OrganAdd = "1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
            Email = "vpcp@chinhphu.vn", Telephone = "024 3845 8261", Fax = "024 3845 8262", Website = "https://vpcp.chinhphu.vn",
        }, h.From);
        Assert.Equal(new Organization { OrganId = TestServer.H41, OrganName = "UBND tỉnh Nghệ An" }, h.To.Single());
        Assert.Equal(new DocumentCode { CodeNumber = "1234", CodeNotation = "VPCP-KSTT" }, h.Code);
        Assert.Equal(new PromulgationInfo { Place = "Hà Nội", PromulgationDate = "2026/12/01" }, h.PromulgationInfo);
        Assert.Equal(new DocumentType { Type = 1, TypeName = "Công văn" }, h.DocumentType);
        Assert.Equal(HandWrittenPackage.Subject, h.Subject);
        Assert.Equal("Đề nghị các cơ quan, đơn vị khẩn trương rà soát, cập nhật danh sách đầu mối.", h.Content);
        Assert.Equal(new SignerInfo { Competence = "KT.", Position = "Phó Chủ nhiệm", FullName = "Nguyễn Văn Ấn" }, h.SignerInfo);
        Assert.Equal("2026/12/31", h.DueDate);
        Assert.Equal(["Như trên", "Lưu: VT, KSTT"], h.ToPlaces);
        Assert.Equal(new OtherInfo
        {
            Priority = Priority.Urgent, SphereOfPromulgation = "Liên thông văn bản quốc gia", TyperNotation = "TTH", PromulgationAmount = 12, PageAmount = 3,
            Appendixes = { "Phụ lục I: Danh sách đầu mối", "Phụ lục II" },
        }, h.OtherInfo);
        Assert.Equal(1, h.SteeringType);
        Assert.Equal(["congvan", "phuluc-1", "phuluc-2"], fetched.Header.Parts.Select(p => p.PartId));
        Assert.Equal(PartKind.MainDocument, fetched.Header.Parts[0].Kind);
        Assert.All(fetched.Header.Parts.Skip(1), p => Assert.Equal(PartKind.Attachment, p.Kind));
        foreach (var part in parts)
        {
            var info = fetched.Header.Parts.Single(p => p.PartId == part.Id);
            Assert.Equal((part.Name, part.ContentType), (info.FileName, info.ContentType));
            Assert.Equal(part.Content, fetched.Parts[part.Id]);
        }

        // edXML -> native -> edXML: the package the recipient fetches maps to the same header and attachments.
        await using var original = await ReadAsync(package);
        await using var roundTripped = await ReadAsync(await EdXmlCalls.FetchPackageAsync(_server.Agency(TestServer.H41), sent.DocumentId));
        Assert.Equal(Describe(original.Header!), Describe(roundTripped.Header! with { DocumentId = null, Trace = [] }));
        Assert.Equal(original.Manifest, roundTripped.Manifest);
        for (var i = 0; i < parts.Length; i++)
        {
            Assert.Equal(await File.ReadAllBytesAsync(original.Attachments[i].FilePath), await File.ReadAllBytesAsync(roundTripped.Attachments[i].FilePath));
        }
    }

    [Fact]
    public async Task A_package_signed_by_the_sender_is_reported_valid_and_one_tampered_after_signing_is_reported_invalid()
    {
        var seal = X509CertificateLoader.LoadPkcs12CollectionFromFile(RepositoryPaths.SampleCert("signing/seals/000.00.00.G22.p12"), TestServer.SamplePassword)
            .Single(c => c.HasPrivateKey);
        var signed = await WriteSignedAsync(seal, "9001");
        var tampered = await WriteSignedAsync(seal, "9002");
        var text = System.Text.Encoding.UTF8.GetString(tampered);
        tampered = System.Text.Encoding.UTF8.GetBytes(text.Replace("Về việc ký gói", "Về việc sửa gói", StringComparison.Ordinal));

        var valid = await EdXmlCalls.SendPackageAsync(_server.Agency(TestServer.G22), "signed-1", signed);
        var invalid = await EdXmlCalls.SendPackageAsync(_server.Agency(TestServer.G22), "tampered-1", tampered);

        Assert.Equal(EnvelopeSignatureStatus.Valid, valid.Validation.EnvelopeSignature.Status);
        Assert.True(valid.Validation.EnvelopeSignature.SignerIsSender);
        Assert.True(valid.Validation.EnvelopeSignature.CoversManifest);
        Assert.Equal(TestServer.G22, valid.Validation.EnvelopeSignature.Signer.OrganId);
        Assert.Equal(EnvelopeSignatureStatus.Invalid, invalid.Validation.EnvelopeSignature.Status);
        Assert.NotEmpty(invalid.Validation.EnvelopeSignature.Reason);
        // The recipient sees the same report with the document.
        var fetched = await NativeFetch.RunAsync(_server.Agency(TestServer.H41), invalid.DocumentId);
        Assert.Equal(EnvelopeSignatureStatus.Invalid, fetched.Header.Validation.EnvelopeSignature.Status);
        Assert.Equal("Về việc sửa gói", fetched.Header.Header.Subject);
    }

    [Fact]
    public async Task A_status_package_posted_by_the_recipient_is_in_the_native_history_and_comes_back_as_a_status_package_signed_by_its_seal()
    {
        var pdf = SamplePdf.Create("Cong van cho trang thai");
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("for-status", TestServer.H41, pdf), pdf);
        var id = DocumentId.Parse(sent.DocumentId);
        var status = new EdXmlStatus(
            new EdXmlResponseFor(id.Sender, $"{id.CodeNumber}/{id.CodeNotation}", id.Date, id),
            new EdXmlOrganization(AgencyCode.Parse(TestServer.H41)),
            StatusCode.Arrived,
            "Đã nhận văn bản",
            new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.FromHours(7)),
            new StaffInfo("Văn thư", "Trần Thị Lan", "0912345678", "lan@nghean.gov.vn"));
        using var written = new MemoryStream();
        await EdXmlPackageWriter.WriteStatusAsync(written, status, new EdXmlWriterOptions(), null, CancellationToken.None);

        var posted = await EdXmlCalls.PostStatusPackageAsync(_server.Agency(TestServer.H41), written.ToArray(), "status-1");

        Assert.Equal(ProcessingStatusCode.Arrived, posted.Status.StatusCode);
        var history = await _server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.GetStatusHistory, new GetStatusHistoryRequest { DocumentId = sent.DocumentId });
        var stored = history.Statuses.Single();
        Assert.Equal(("Đã nhận văn bản", TestServer.H41), (stored.Description, stored.From.OrganId));
        Assert.Equal(new Protocol.V1.StaffInfo { Department = "Văn thư", Staff = "Trần Thị Lan", Mobile = "0912345678", Email = "lan@nghean.gov.vn" }, stored.StaffInfo);
        Assert.Equal(status.Timestamp, stored.Timestamp.ToDateTimeOffset());

        var packages = await EdXmlCalls.FetchStatusPackagesAsync(_server.Agency(TestServer.G22), sent.DocumentId);

        var file = _folder.File("status.edxml");
        await File.WriteAllBytesAsync(file, packages.Single().Package.ToByteArray());
        var xmlsec = await EdXmlJudges.XmlsecVerifyAsync(file);
        Assert.True(xmlsec.ExitCode == 0, xmlsec.Output);
        await using var read = await ReadAsync(packages.Single().Package.ToByteArray());
        Assert.Equal(status, read.Status! with { Timestamp = status.Timestamp });
        Assert.Equal(status.Timestamp, read.Status!.Timestamp);
        Assert.Equal(EdXmlSignatureStatus.Valid, read.Signature.Status);
        Assert.Equal(X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("signing/seal-H41.crt")).Thumbprint, read.Signature.Signer!.Thumbprint);
    }

    private async Task<byte[]> WriteSignedAsync(X509Certificate2 seal, string number)
    {
        var pdf = SamplePdf.Create("Goi ky " + number);
        var header = new EdXmlMessageHeader(
            new EdXmlOrganization(AgencyCode.Parse(TestServer.G22)),
            [new EdXmlOrganization(AgencyCode.Parse(TestServer.H41))],
            number, "VPCP-TTĐT", "Về việc ký gói");
        var file = _folder.File($"main-{number}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteDocumentAsync(output, header,
            [EdXmlOutgoingAttachment.FromFile(new EdXmlReference("main", "application/pdf", "main.pdf"), file)],
            new EdXmlWriterOptions(), new EdXmlEnvelopeSigner(seal), CancellationToken.None);
        return output.ToArray();
    }

    private Task<EdXmlPackage> ReadAsync(byte[] package) =>
        EdXmlPackageReader.ReadAsync(new MemoryStream(package), new EdXmlReaderOptions { TempDirectory = _folder.Path }, CancellationToken.None);

    /// <summary>A header's every field as text, lists included (records compare lists by reference).</summary>
    private static string Describe(EdXmlMessageHeader header) =>
        System.Text.Json.JsonSerializer.Serialize(header, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
