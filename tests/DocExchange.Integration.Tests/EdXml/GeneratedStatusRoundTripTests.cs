using System.Globalization;
using System.Text;
using DocExchange.Core.Statuses;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Writing;
using DocExchange.Protocol.V1;
using CoreDocumentId = DocExchange.Core.Documents.DocumentId;
using StaffInfo = DocExchange.Core.Statuses.StaffInfo;
using StatusCode = DocExchange.Core.Statuses.StatusCode;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// Status packages through the live server over generated statuses (a chain of codes the state machine allows,
/// Vietnamese text, timestamps in several offsets, staff present or absent), written by the library's writer and as
/// text: each comes back natively (GetStatusHistory) and as a status package with every field.
/// </summary>
public sealed class GeneratedStatusRoundTripTests(RoundTripServer fixture) : IClassFixture<RoundTripServer>
{
    private static readonly string[] Texts =
    [
        "", "Đã nhận văn bản", "Gửi nhầm nơi nhận: văn bản thuộc thẩm quyền của Bộ Tài chính", "a < b & c > \"d\"",
        "dòng một\r\ndòng hai\tba", "  khoảng trắng  ", "Va\u0306n thu\u031b", "🙂",
    ];

    public static TheoryData<string, int> Seeds
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var seed in Enumerable.Range(501, 6)) data.Add("hand-built", seed);
            foreach (var seed in Enumerable.Range(601, 6)) data.Add("library", seed);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Generated_status_packages_are_in_the_native_history_and_come_back_as_status_packages_with_every_field(string producer, int seed)
    {
        var server = fixture.Server;
        var random = new Random(seed);
        var pdf = SamplePdf.Create("Van ban cho trang thai " + seed);
        var sent = await Exchanges.SendAsync(server.Agency(TestServer.G22), Exchanges.Header($"status-doc-{seed}", TestServer.H41, pdf, number: seed.ToString(CultureInfo.InvariantCulture)), pdf);
        var id = CoreDocumentId.Parse(sent.DocumentId);
        StatusCode[] codes = random.Next(0, 3) == 0
            ? [StatusCode.Arrived, StatusCode.Rejected]
            : [StatusCode.Arrived, StatusCode.Accepted, .. Enumerable.Repeat(StatusCode.Assigned, random.Next(0, 2)), .. Enumerable.Repeat(StatusCode.Processing, random.Next(0, 3)), StatusCode.Done];
        var statuses = codes.Select(code => new EdXmlStatus(
            new EdXmlResponseFor(id.Sender, $"{id.CodeNumber}/{id.CodeNotation}", random.Next(0, 2) == 0 ? id.Date : null, id),
            new EdXmlOrganization(Core.Agencies.AgencyCode.Parse(TestServer.H41)),
            code,
            code == StatusCode.Rejected ? "Từ chối: sai thẩm quyền" : Texts[random.Next(Texts.Length)],
            new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.FromHours(new[] { 7, 0, -5 }[random.Next(3)])).AddTicks(random.NextInt64(0, TimeSpan.TicksPerDay)),
            random.Next(0, 2) == 0 ? null : new StaffInfo(Texts[random.Next(Texts.Length)], "Trần Thị Lan", "0912345678", "lan@nghean.gov.vn"))).ToList();

        var posted = new List<byte[]>();
        foreach (var status in statuses)
        {
            var package = producer == "library" ? await WriteAsync(status) : HandBuilt(status, random);
            await EdXmlCalls.PostStatusPackageAsync(server.Agency(TestServer.H41), package);
            posted.Add(package);
        }

        var history = await server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.GetStatusHistory, new GetStatusHistoryRequest { DocumentId = sent.DocumentId });
        Assert.Equal(
            statuses.Select(s => $"{(int)s.Code:00} {TestServer.H41} '{s.Description}' {s.Timestamp.UtcDateTime:o} {s.Staff}"),
            history.Statuses.Select(s => $"{(int)s.StatusCode:00} {s.From.OrganId} '{s.Description}' {s.Timestamp.ToDateTime():o} {new StaffInfo(s.StaffInfo.Department, s.StaffInfo.Staff, s.StaffInfo.Mobile, s.StaffInfo.Email)}"));
        var fetched = await EdXmlCalls.FetchStatusPackagesAsync(server.Agency(TestServer.G22), sent.DocumentId);
        Assert.Equal(posted.Count, fetched.Count);
        for (var i = 0; i < posted.Count; i++)
        {
            // What the server must add or change, each asserted on its own: ResponseFor/PromulgationDate, which it always
            // writes (the id's date); the timestamp, whose instant it keeps but not the offset (docs/EDXML.md); and the
            // reporter's envelope signature (outside the edXML namespace, so never a leaf).
            const string date = "edXMLEnvelope/edXMLHeader/Status/ResponseFor/PromulgationDate";
            const string timestamp = "edXMLEnvelope/edXMLHeader/Status/Timestamp";
            var package = fetched[i].Package.ToByteArray();
            PackageLeaves.AssertSame(PackageLeaves.Of(posted[i], date, timestamp), PackageLeaves.Of(package, date, timestamp));
            Assert.Equal([$"{date}={CoreDocumentId.FormatDate(id.Date)}"], PackageLeaves.Of(package).Where(l => l.StartsWith(date, StringComparison.Ordinal)));
            var written = PackageLeaves.Of(package).Single(l => l.StartsWith(timestamp + "=", StringComparison.Ordinal))[(timestamp.Length + 1)..];
            Assert.Equal(statuses[i].Timestamp.UtcTicks, DateTimeOffset.Parse(written, CultureInfo.InvariantCulture).UtcTicks);
            Assert.Equal(["edXMLEnvelope/edXMLHeader/Signature"], PackageLeaves.ForeignElements(package));
        }
    }

    private static async Task<byte[]> WriteAsync(EdXmlStatus status)
    {
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteStatusAsync(output, status, new EdXmlWriterOptions(), null, CancellationToken.None);
        return output.ToArray();
    }

    /// <summary>A status package written as text, as another producer would: its own prefix, empty fields left out or written.</summary>
    private static byte[] HandBuilt(EdXmlStatus s, Random random)
    {
        string Leaf(string name, string value) => value.Length == 0 && random.Next(0, 2) == 0 ? string.Empty
            : $"<s:{name}>{value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal).Replace("\r", "&#xD;", StringComparison.Ordinal)}</s:{name}>\n";
        var timestamp = s.Timestamp.Offset == TimeSpan.Zero && random.Next(0, 2) == 0
            ? s.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : s.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        var staff = s.Staff == StaffInfo.Empty && random.Next(0, 2) == 0 ? string.Empty
            : $"<s:StaffInfo>{Leaf("Department", s.Staff.Department)}{Leaf("Staff", s.Staff.Staff)}{Leaf("Email", s.Staff.Email)}{Leaf("Mobile", s.Staff.Mobile)}</s:StaffInfo>";
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <s:edXML xmlns:s="{HandWrittenPackage.Ns}"><s:edXMLEnvelope><s:edXMLHeader><s:Status>
            <s:ResponseFor>{Leaf("OrganId", s.ResponseFor.OrganId.Value)}{Leaf("Code", s.ResponseFor.Code)}{Leaf("PromulgationDate", s.ResponseFor.PromulgationDate is { } d ? CoreDocumentId.FormatDate(d) : "")}{Leaf("DocumentId", s.ResponseFor.DocumentId.ToString())}</s:ResponseFor>
            <s:From>{Leaf("OrganId", s.From.OrganId.Value)}</s:From>
            {Leaf("StatusCode", $"{(int)s.Code:00}")}{Leaf("Description", s.Description)}{Leaf("Timestamp", timestamp)}{staff}
            </s:Status></s:edXMLHeader><s:edXMLBody><s:edXMLManifest/></s:edXMLBody></s:edXMLEnvelope></s:edXML>
            """;
        return new UTF8Encoding(false).GetBytes(xml);
    }
}
