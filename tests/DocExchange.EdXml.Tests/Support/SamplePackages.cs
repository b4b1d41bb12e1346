using DocExchange.Core.Agencies;
using DocExchange.EdXml.Model;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>Hand-written packages for the hostile-input tests: a valid skeleton whose parts a test replaces.</summary>
internal static class SamplePackages
{
    public const string Ns = EdXmlNames.Namespace;

    public const string MessageHeader = """
        <edXML:MessageHeader>
          <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
          <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
          <edXML:Code><edXML:CodeNumber>7816</edXML:CodeNumber><edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation></edXML:Code>
          <edXML:Subject>Về việc thử nghiệm</edXML:Subject>
        </edXML:MessageHeader>
        """;

    public static string Document(string? messageHeader = null, string? manifest = null, string? attachments = null, string? beforeRoot = null) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        {beforeRoot}<edXML:edXML xmlns:edXML="{Ns}">
          <edXML:edXMLEnvelope>
            <edXML:edXMLHeader>{messageHeader ?? MessageHeader}</edXML:edXMLHeader>
            <edXML:edXMLBody><edXML:edXMLManifest>{manifest ?? Reference("a1")}</edXML:edXMLManifest></edXML:edXMLBody>
          </edXML:edXMLEnvelope>
          <edXML:AttachmentEncoded>{attachments ?? Attachment("a1", "aGVsbG8=")}</edXML:AttachmentEncoded>
        </edXML:edXML>
        """;

    public static string Reference(string id) =>
        $"<edXML:Reference><edXML:ContentId>cid:{id}</edXML:ContentId><edXML:ContentType>application/pdf</edXML:ContentType><edXML:AttachmentName>{id}.pdf</edXML:AttachmentName></edXML:Reference>";

    public static string Attachment(string id, string base64) =>
        $"<edXML:Attachment><edXML:ContentId>cid:{id}</edXML:ContentId><edXML:ContentTransferEncoded>{base64}</edXML:ContentTransferEncoded></edXML:Attachment>";

    public static EdXmlMessageHeader MinimalHeader() => new(
        new EdXmlOrganization(AgencyCode.Parse("000.00.00.G22")),
        [new EdXmlOrganization(AgencyCode.Parse("000.00.00.H41"))],
        "7816",
        "VPCP-TTĐT",
        "Về việc thử nghiệm");
}
