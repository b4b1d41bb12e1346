using DocExchange.Core.Agencies;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Writing;

namespace DocExchange.Cli.Tests;

/// <summary>dx edxml import and export against the real server, as processes.</summary>
public sealed class EdxmlImportExportTests : IClassFixture<LiveServer>, IDisposable
{
    private readonly LiveServer _server;
    private readonly TempDirectory _temp = new();
    private readonly TempDirectory _senderHome = new();
    private readonly DxRunner _g22;
    private readonly DxRunner _h41;

    public EdxmlImportExportTests(LiveServer server)
    {
        _server = server;
        _g22 = server.Dx(_senderHome, server.AgencyCertificate(LiveServer.G22));
        _h41 = server.Dx(_temp, server.AgencyCertificate(LiveServer.H41));
    }

    public void Dispose()
    {
        _temp.Dispose();
        _senderHome.Dispose();
    }

    [Fact]
    public async Task A_package_imported_by_G22_is_exported_by_H41_signed_by_G22_and_its_status_exported_as_a_status_package()
    {
        var package = await WritePackageAsync("4401", "Về việc nhập gói edXML");

        var imported = await _g22.RunAsync("edxml", "import", package, "--json");
        var again = await _g22.RunAsync("edxml", "import", package, "--json");

        Assert.True(imported.ExitCode == 0, imported.ToString());
        var documentId = imported.Json().GetProperty("sent").GetProperty("documentId").GetString()!;
        Assert.Equal("absent", imported.Json().GetProperty("envelopeSignature").GetProperty("status").GetString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(again.Json().GetProperty("sent").GetProperty("duplicate").GetBoolean());
        Assert.Equal(documentId, again.Json().GetProperty("sent").GetProperty("documentId").GetString());

        var exported = _temp.File("received.edxml");
        var export = await _h41.RunAsync("edxml", "export", documentId, "-o", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        var inspect = await _h41.RunAsync("edxml", "inspect", exported, "--json");
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal("Về việc nhập gói edXML", inspect.Json().GetProperty("header").GetProperty("subject").GetString());
        Assert.Equal(2, inspect.Json().GetProperty("attachments").GetArrayLength());
        Assert.Equal("valid", inspect.Json().GetProperty("signature").GetProperty("result").GetString());
        var seal = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(_server.Pki("signing/seal-G22.crt"));
        Assert.Equal(seal.Thumbprint, inspect.Json().GetProperty("signature").GetProperty("thumbprint").GetString());

        var ack = await _h41.RunAsync("ack", documentId);
        Assert.True(ack.ExitCode == 0, ack.ToString());
        var statuses = _temp.File("statuses");
        var exportStatuses = await _g22.RunAsync("edxml", "export", documentId, "--statuses", "-o", statuses, "--json");
        Assert.True(exportStatuses.ExitCode == 0, exportStatuses.ToString());
        var statusFile = exportStatuses.Json().GetProperty("files").EnumerateArray().Single().GetString()!;
        var status = await _h41.RunAsync("edxml", "inspect", statusFile, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("status", status.Json().GetProperty("kind").GetString());
        Assert.Equal(LiveServer.H41, status.Json().GetProperty("status").GetProperty("from").GetString());
        Assert.StartsWith("01", status.Json().GetProperty("status").GetProperty("code").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_the_server_refuses_is_reported_in_one_line_naming_the_element_without_a_stack_trace()
    {
        var package = _temp.File("no-subject.edxml");
        var valid = await File.ReadAllTextAsync(await WritePackageAsync("4402", "Về việc bỏ trích yếu"));
        await File.WriteAllTextAsync(package, valid.Replace("<edXML:Subject>Về việc bỏ trích yếu</edXML:Subject>", "", StringComparison.Ordinal));

        var result = await _g22.RunAsync("edxml", "import", package);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("MessageHeader/Subject", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    private async Task<string> WritePackageAsync(string number, string subject)
    {
        var header = new EdXmlMessageHeader(
            new EdXmlOrganization(AgencyCode.Parse(LiveServer.G22)),
            [new EdXmlOrganization(AgencyCode.Parse(LiveServer.H41))],
            number, "VPCP-TTĐT", subject);
        var main = _temp.File($"main-{number}.pdf");
        await File.WriteAllBytesAsync(main, SamplePdf.Create($"Cong van {number}"));
        var annex = _temp.File($"annex-{number}.csv");
        await File.WriteAllTextAsync(annex, "Đơn vị,Số lượng\nSở Nội vụ,3\n");
        var path = _temp.File($"package-{number}.edxml");
        await using var output = File.Create(path);
        await EdXmlPackageWriter.WriteDocumentAsync(output, header,
        [
            EdXmlOutgoingAttachment.FromFile(new EdXmlReference("main", "application/pdf", "công văn.pdf"), main),
            EdXmlOutgoingAttachment.FromFile(new EdXmlReference("annex", "text/csv", "phụ lục.csv"), annex),
        ], new EdXmlWriterOptions(), null, CancellationToken.None);
        return path;
    }
}
