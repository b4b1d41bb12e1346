using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using DocExchange.EdXml.Tests.Support;

namespace DocExchange.EdXml.Tests.RoundTrips;

/// <summary>
/// edXML → native → edXML keeps every field: a package composed here with LINQ to XML (another prefix, indented,
/// base64 in 64-character lines) is read and written again, and both carry the same value at every leaf element.
/// </summary>
public sealed class EdXmlRoundTripTests
{
    private static readonly XNamespace E = EdXmlNames.Namespace;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_package_from_another_producer_is_written_back_with_every_leaf_value(int seed)
    {
        var random = new Random(seed);
        var attachments = Enumerable.Range(0, seed * 3).Select(_ => RandomBytes(random, random.Next(0, 5000))).ToArray();
        var original = Compose(random, attachments);

        await using var read = await Packages.ReadAsync(Encoding.UTF8.GetBytes(original.ToString()));
        var rewritten = await Packages.WriteAsync(read.Header!, read.Attachments.Select(a => (a.Reference, Packages.Content(a))).ToList());

        Assert.Equal(Leaves(original), Leaves(XDocument.Parse(Encoding.UTF8.GetString(rewritten))));
    }

    [Fact]
    public async Task A_status_package_from_another_producer_is_written_back_with_every_leaf_value()
    {
        var original = new XDocument(new XElement(E + "edXML", new XAttribute(XNamespace.Xmlns + "q", E.NamespaceName),
            new XElement(E + "edXMLEnvelope",
                new XElement(E + "edXMLHeader",
                    new XElement(E + "Status",
                        new XElement(E + "ResponseFor", Leaf("OrganId", "000.00.00.G22"), Leaf("Code", "7816/VPCP-TTĐT"), Leaf("PromulgationDate", "2015/09/30"),
                            Leaf("DocumentId", "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT")),
                        Organization("From", "000.00.18.G12", "Tổng cục Thuế"),
                        Leaf("StatusCode", "02"),
                        Leaf("Description", "Gửi nhầm nơi nhận: văn bản thuộc thẩm quyền của Bộ Tài chính"),
                        Leaf("Timestamp", "2026-12-05T09:30:15.25+07:00"),
                        new XElement(E + "StaffInfo", Leaf("Department", "Văn thư"), Leaf("Staff", "Lê Thị Mai"), Leaf("Email", "mai@gdt.gov.vn"), Leaf("Mobile", "0912000111")))))));

        await using var read = await Packages.ReadAsync(Encoding.UTF8.GetBytes(original.ToString()));
        var rewritten = await Packages.WriteStatusAsync(read.Status!);

        Assert.Equal(Leaves(original), Leaves(XDocument.Parse(Encoding.UTF8.GetString(rewritten))));
    }

    private static XDocument Compose(Random random, byte[][] attachments)
    {
        string Pick(params string[] items) => items[random.Next(items.Length)];
        var header = new XElement(E + "MessageHeader",
            Organization("From", "000.00.00.G22", "Văn phòng Chính phủ"),
            Organization("To", "000.00.00.H41", "UBND tỉnh Nghệ An"),
            Organization("To", "000.00.18.G12", "Tổng cục Thuế"),
            Leaf("DocumentId", "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"),
            new XElement(E + "Code", Leaf("CodeNumber", "7816"), Leaf("CodeNotation", "VPCP-TTĐT")),
            new XElement(E + "PromulgationInfo", Leaf("Place", "Hà Nội"), Leaf("PromulgationDate", "2015/09/30")),
            new XElement(E + "DocumentType", Leaf("Type", "1"), Leaf("TypeName", Pick("Công văn", "Quyết định"))),
            Leaf("Subject", Pick("Về việc triển khai", "Ve\u0302\u0300 vie\u0323\u0302c thu\u031b\u0309 nghie\u0323\u0302m")),
            Leaf("Content", "Nội dung <tóm tắt> & \"trích\""),
            new XElement(E + "SignerInfo", Leaf("Competence", "KT."), Leaf("Position", "Phó Chủ nhiệm"), Leaf("FullName", "Nguyễn Cao Lục")),
            Leaf("DueDate", "2015/10/15"),
            new XElement(E + "ToPlaces", Leaf("Place", "Như trên"), Leaf("Place", "Lưu: VT, TTĐT")),
            new XElement(E + "OtherInfo", Leaf("Priority", random.Next(0, 5).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Leaf("SphereOfPromulgation", "Toàn quốc"), Leaf("TyperNotation", "TTĐT"), Leaf("PromulgationAmount", "10"), Leaf("PageAmount", "3"),
                new XElement(E + "Appendixes", Leaf("Appendix", "Phụ lục I"))),
            Leaf("SteeringType", "1"),
            new XElement(E + "ResponseFor", Leaf("OrganId", "000.00.00.H41"), Leaf("Code", "12/UBND-VX"), Leaf("PromulgationDate", "2015/09/01"),
                Leaf("DocumentId", "000.00.00.H41,2015/09/01,12/UBND-VX")),
            new XElement(E + "Bussiness", Leaf("BussinessDocType", "3"), Leaf("BussinessDocReason", "Sai sót nội dung"),
                Leaf("DocumentId", "000.00.00.G22,2015/09/29,7800/VPCP-TTĐT"),
                new XElement(E + "ReceiverList", new XElement(E + "Receiver", Leaf("ReceiverType", "1"), Leaf("OrganId", "000.00.00.H30"))),
                new XElement(E + "ReplacementInfoList", new XElement(E + "ReplacementInfo", Leaf("DocumentId", "000.00.00.G22,2015/09/29,7800/VPCP-TTĐT"))),
                new XElement(E + "StaffInfo", Leaf("Department", "Văn thư"), Leaf("Staff", "Phạm Văn Bình"), Leaf("Email", "binh@chinhphu.vn"), Leaf("Mobile", "0900000000"))));
        var trace = new XElement(E + "TraceHeaderList",
            new XElement(E + "TraceHeader", Leaf("OrganId", "000.00.00.G22"), Leaf("Timestamp", "2015-09-30T08:00:00+07:00")),
            new XElement(E + "TraceHeader", Leaf("OrganId", "000.00.00.H41"), Leaf("Timestamp", "2015-09-30T01:00:05.5Z")));
        var ids = attachments.Select((_, i) => $"cid:tep-{i}@qlvb").ToArray();
        return new XDocument(new XElement(E + "edXML", new XAttribute(XNamespace.Xmlns + "e", E.NamespaceName),
            new XElement(E + "edXMLEnvelope",
                new XElement(E + "edXMLHeader", header, trace),
                new XElement(E + "edXMLBody", new XElement(E + "edXMLManifest", ids.Select((id, i) => new XElement(E + "Reference",
                    Leaf("ContentId", id), Leaf("ContentType", "application/pdf"), Leaf("AttachmentName", $"Tệp {i}.pdf"), Leaf("Description", i % 2 == 0 ? "Phụ lục" : "")))))),
            new XElement(E + "AttachmentEncoded", attachments.Select((content, i) => new XElement(E + "Attachment",
                Leaf("ContentId", ids[i]), Leaf("ContentTransferEncoded", Lines(Convert.ToBase64String(content), 64)))))));
    }

    /// <summary>
    /// Every leaf element as "path=value", sorted; empty leaves skipped. Base64 is compared by the SHA-256 of what it
    /// decodes to, and timestamps by instant and offset (Z and +00:00 are one value).
    /// </summary>
    private static List<string> Leaves(XDocument document) =>
        document.Descendants()
            .Where(e => !e.HasElements && e.Name.Namespace == E && e.Value.Length > 0)
            .Select(e => string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName)) + "=" +
                e.Name.LocalName switch
                {
                    "ContentTransferEncoded" => Convert.ToHexString(SHA256.HashData(Convert.FromBase64String(e.Value))),
                    "Timestamp" => DateTimeOffset.Parse(e.Value, System.Globalization.CultureInfo.InvariantCulture).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    _ => e.Value,
                })
            .Order(StringComparer.Ordinal)
            .ToList();

    private static XElement Organization(string name, string code, string organName) => new(E + name,
        Leaf("OrganId", code), Leaf("OrganizationInCharge", "000.00.00.G22"), Leaf("OrganName", organName), Leaf("OrganAdd", "1 Hoàng Hoa Thám, Hà Nội"),
        Leaf("Email", "vanthu@example.gov.vn"), Leaf("Telephone", "080 43162"), Leaf("Fax", "080 44130"), Leaf("Website", "https://example.gov.vn"));

    private static XElement Leaf(string name, string value) => new(E + name, value);

    private static string Lines(string base64, int length) =>
        string.Join('\n', Enumerable.Range(0, (base64.Length + length - 1) / length).Select(i => base64.Substring(i * length, Math.Min(length, base64.Length - i * length))));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
