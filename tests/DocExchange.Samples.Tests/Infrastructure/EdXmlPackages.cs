using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Writing;
using DocExchange.Testing.Processes;

namespace DocExchange.Samples.Tests.Infrastructure;

/// <summary>edXML packages as a document-management system writes them (with the library's writer), and the judges of what the bridge writes.</summary>
internal static class EdXmlPackages
{
    public sealed record Part(string Id, string ContentType, string Name, byte[] Content);

    /// <summary>A document package from G22 to H41 with <paramref name="parts"/>, the first being the main PDF.</summary>
    public static async Task<byte[]> DocumentAsync(string number, string subject, IReadOnlyList<Part> parts, string scratch)
    {
        var header = new EdXmlMessageHeader(
            new EdXmlOrganization(AgencyCode.Parse(SampleServer.G22)),
            [new EdXmlOrganization(AgencyCode.Parse(SampleServer.H41))],
            number, "VPCP-TTĐT", subject,
            DocumentType: new EdXmlDocumentType(1, "Công văn"),
            Signer: new EdXmlSigner(Position: "Bộ trưởng", FullName: "Nguyễn Văn A"));
        var attachments = new List<EdXmlOutgoingAttachment>();
        foreach (var part in parts)
        {
            var file = Path.Combine(scratch, $"{number}-{part.Id}");
            await File.WriteAllBytesAsync(file, part.Content);
            attachments.Add(EdXmlOutgoingAttachment.FromFile(new EdXmlReference(part.Id, part.ContentType, part.Name), file));
        }

        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteDocumentAsync(output, header, attachments, new EdXmlWriterOptions(), null, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>A status package <paramref name="reporter"/> (H41 by default) reports about <paramref name="documentId"/>.</summary>
    public static async Task<byte[]> StatusAsync(string documentId, StatusCode code, string description, string reporter = SampleServer.H41)
    {
        var id = DocumentId.Parse(documentId);
        var status = new EdXmlStatus(
            new EdXmlResponseFor(id.Sender, $"{id.CodeNumber}/{id.CodeNotation}", id.Date, id),
            new EdXmlOrganization(AgencyCode.Parse(reporter)),
            code,
            description,
            new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.FromHours(7)),
            new StaffInfo("Văn thư", "Trần Thị Lan", "0912345678", "lan@nghean.gov.vn"));
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteStatusAsync(output, status, new EdXmlWriterOptions(), null, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>Reads a package the bridge wrote with the library's reader; attachments are decoded under <paramref name="scratch"/>.</summary>
    public static async Task<EdXmlPackage> ReadAsync(string path, string scratch)
    {
        await using var file = File.OpenRead(path);
        return await EdXmlPackageReader.ReadAsync(file, new EdXmlReaderOptions { TempDirectory = scratch }, CancellationToken.None);
    }

    /// <summary>xmllint (Debian libxml2-utils) as an independent judge of well-formedness and namespaces.</summary>
    public static async Task<CommandResult> XmllintAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Command.RunAsync(Command.Describe("xmllint", ["--nonet", "--noout", path], null, Path.GetTempPath()), timeout.Token);
    }
}
