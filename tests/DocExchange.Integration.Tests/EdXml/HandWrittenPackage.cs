using System.Text;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// edXML packages written by hand, as another producer would (prefix <c>e</c>, indented, base64 in 64-character lines):
/// an independent check of our reader, and the skeleton the hostile packages alter.
/// </summary>
internal static class HandWrittenPackage
{
    public const string Ns = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

    public const string Subject = "Về việc triển khai trục liên thông văn bản quốc gia — đợt 2";

    public static string MessageHeader(string number = "1234", string subject = Subject) => $"""
        <e:MessageHeader>
          <e:From>
            <e:OrganId>000.00.00.G22</e:OrganId>
            <e:OrganizationInCharge>000.00.00.G22</e:OrganizationInCharge>
            <e:OrganName>Văn phòng Chính phủ</e:OrganName>
            <e:OrganAdd>1 Hoàng Hoa Thám, Ba Đình, Hà Nội</e:OrganAdd>
            <e:Email>vpcp@chinhphu.vn</e:Email>
            <e:Telephone>024 3845 8261</e:Telephone>
            <e:Fax>024 3845 8262</e:Fax>
            <e:Website>https://vpcp.chinhphu.vn</e:Website>
          </e:From>
          <e:To>
            <e:OrganId>000.00.00.H41</e:OrganId>
            <e:OrganName>UBND tỉnh Nghệ An</e:OrganName>
          </e:To>
          <e:Code><e:CodeNumber>{number}</e:CodeNumber><e:CodeNotation>VPCP-KSTT</e:CodeNotation></e:Code>
          <e:PromulgationInfo><e:Place>Hà Nội</e:Place><e:PromulgationDate>2026/12/01</e:PromulgationDate></e:PromulgationInfo>
          <e:DocumentType><e:Type>1</e:Type><e:TypeName>Công văn</e:TypeName></e:DocumentType>
          <e:Subject>{subject}</e:Subject>
          <e:Content>Đề nghị các cơ quan, đơn vị khẩn trương rà soát, cập nhật danh sách đầu mối.</e:Content>
          <e:SignerInfo><e:Competence>KT.</e:Competence><e:Position>Phó Chủ nhiệm</e:Position><e:FullName>Nguyễn Văn Ấn</e:FullName></e:SignerInfo>
          <e:DueDate>2026/12/31</e:DueDate>
          <e:ToPlaces><e:Place>Như trên</e:Place><e:Place>Lưu: VT, KSTT</e:Place></e:ToPlaces>
          <e:OtherInfo>
            <e:Priority>1</e:Priority>
            <e:SphereOfPromulgation>Liên thông văn bản quốc gia</e:SphereOfPromulgation>
            <e:TyperNotation>TTH</e:TyperNotation>
            <e:PromulgationAmount>12</e:PromulgationAmount>
            <e:PageAmount>3</e:PageAmount>
            <e:Appendixes><e:Appendix>Phụ lục I: Danh sách đầu mối</e:Appendix><e:Appendix>Phụ lục II</e:Appendix></e:Appendixes>
          </e:OtherInfo>
          <e:SteeringType>1</e:SteeringType>
        </e:MessageHeader>
        """;

    public sealed record Part(string Id, string ContentType, string Name, byte[] Content);

    public static string Document(IReadOnlyList<Part> parts, string? messageHeader = null, string? manifest = null, string? attachments = null,
        string? beforeRoot = null, string ns = Ns) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        {beforeRoot}<e:edXML xmlns:e="{ns}">
          <e:edXMLEnvelope>
            <e:edXMLHeader>
        {messageHeader ?? MessageHeader()}
            </e:edXMLHeader>
            <e:edXMLBody>
              <e:edXMLManifest>
        {manifest ?? string.Concat(parts.Select(Reference))}
              </e:edXMLManifest>
            </e:edXMLBody>
          </e:edXMLEnvelope>
          <e:AttachmentEncoded>
        {attachments ?? string.Concat(parts.Select(Attachment))}
          </e:AttachmentEncoded>
        </e:edXML>
        """;

    public static string Reference(Part part) =>
        $"<e:Reference><e:ContentId>cid:{part.Id}</e:ContentId><e:ContentType>{part.ContentType}</e:ContentType><e:AttachmentName>{part.Name}</e:AttachmentName></e:Reference>\n";

    public static string Attachment(Part part) =>
        $"<e:Attachment><e:ContentId>cid:{part.Id}</e:ContentId><e:ContentTransferEncoded>\n{Base64Lines(part.Content)}</e:ContentTransferEncoded></e:Attachment>\n";

    public static string Base64Lines(byte[] content)
    {
        var base64 = Convert.ToBase64String(content);
        var lines = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 64)
        {
            lines.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }
        return lines.ToString();
    }

    public static byte[] Bytes(string package) => new UTF8Encoding(false).GetBytes(package);
}
