using System.Security.Cryptography;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.EdXml.Model;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>
/// Documents and statuses generated from a seed: every field set, Vietnamese text in NFC or NFD (kept as given),
/// characters XML must escape, 0 to 20 attachments of random bytes. The same seed always gives the same document.
/// </summary>
internal sealed class GeneratedDocuments(int seed)
{
    public static readonly TheoryData<int> Seeds = new() { 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233 };

    private static readonly string[] Phrases =
    [
        "Về việc triển khai Nghị định 30/2020/NĐ-CP", "Công văn hỏa tốc", "Quyết định phê duyệt kế hoạch năm 2026",
        "Thông báo kết luận của Thủ tướng Chính phủ", "Ủy ban nhân dân tỉnh Nghệ An", "Bộ Tài chính", "Tổng cục Thuế",
        "Văn phòng Chính phủ", "Nguyễn Thị Hương", "Trần Văn Đức", "Phó Chủ tịch", "TL. Bộ trưởng", "KT. Chánh Văn phòng",
        "Số 16 Lê Hồng Phong, TP. Vinh", "a < b & c > \"d\" 'e'", "dòng một\r\ndòng hai\ttab", "  khoảng trắng đầu và cuối  ",
        "Hậu Giang", "đường dây nóng", "🙂 ngoài BMP",
        // Decomposed (NFD) forms, written out: the tests run with invariant globalization, where Normalize is a no-op.
        NfdProvince, "Quye\u0302\u0301t \u0111i\u0323nh", "co\u0302ng va\u0306n ho\u0309a to\u0302\u0301c",
    ];

    /// <summary>"Ủy ban nhân dân tỉnh Nghệ An" in NFD.</summary>
    public const string NfdProvince = "U\u0309y ban nha\u0302n da\u0302n ti\u0309nh Nghe\u0323\u0302 An";

    private static readonly string[] Levels1 = ["G22", "G12", "H41", "H30", "G09"];
    private readonly Random _random = new(seed);

    public EdXmlMessageHeader Header(int attachments = -1)
    {
        var sender = Agency();
        var date = Date();
        var number = _random.Next(1, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var notation = Pick(["VPCP-TTĐT", "BTC-TCT", "UBND-VX", "QĐ-TTg"]);
        var to = Enumerable.Range(0, _random.Next(1, 5)).Select(_ => Organization()).DistinctBy(o => o.OrganId).ToList();
        return new EdXmlMessageHeader(
            Organization(sender),
            to,
            number,
            notation,
            Text(),
            DocumentId: Maybe() ? new DocumentId(sender, date, number, notation) : null,
            Promulgation: new EdXmlPromulgation(Text(), Maybe() ? date : null),
            DocumentType: new EdXmlDocumentType(_random.Next(0, 40), Pick(["Công văn", "Quyết định", "Thông báo", "Tờ trình"])),
            Content: Text(allowEmpty: true),
            Signer: new EdXmlSigner(Pick(["TL.", "KT.", "TM.", ""]), Text(allowEmpty: true), Text()),
            DueDate: Maybe() ? Date() : null,
            ToPlaces: Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Text()).ToList(),
            OtherInfo: new EdXmlOtherInfo(
                (DocumentPriority)_random.Next(0, 5), Text(allowEmpty: true), Text(allowEmpty: true), _random.Next(0, 500), _random.Next(0, 300),
                Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Text()).ToList()),
            SteeringType: _random.Next(0, 2),
            ResponseFor: Enumerable.Range(0, _random.Next(0, 3)).Select(_ => ResponseFor()).ToList(),
            Business: Maybe() ? Business() : null,
            Trace: Enumerable.Range(0, _random.Next(0, 4)).Select(_ => new TraceHop(Agency(), Timestamp())).ToList());
    }

    public IReadOnlyList<(EdXmlReference Reference, byte[] Content)> Attachments(int? count = null)
    {
        var n = count ?? _random.Next(0, 21);
        return Enumerable.Range(0, n).Select(i =>
        {
            var content = new byte[_random.Next(0, 3) switch { 0 => 0, 1 => _random.Next(1, 300), _ => _random.Next(300, 200_000) }];
            _random.NextBytes(content);
            var name = Pick(["Công văn.pdf", "phụ lục 1.docx", "bảng.xlsx", "ảnh.png"]);
            return (new EdXmlReference($"att-{i}-{_random.Next(1000)}", Pick(["application/pdf", "application/zip", "image/png"]), Vary(name), Text(allowEmpty: true)), content);
        }).ToList();
    }

    public EdXmlStatus Status(StatusCode code) => new(
        ResponseFor(),
        Organization(),
        code,
        Text(allowEmpty: code != StatusCode.Rejected),
        Timestamp(),
        new StaffInfo(Text(), Text(), "0912345678", "can.bo@example.gov.vn"));

    private EdXmlBusiness Business()
    {
        var type = (BusinessDocType)_random.Next(0, 4);
        return new EdXmlBusiness(
            type,
            Text(allowEmpty: true),
            Maybe() ? DocumentId() : null,
            Enumerable.Range(0, _random.Next(0, 3)).Select(_ => new EdXmlReceiverChange(Agency(), (ReceiverChangeType)_random.Next(0, 2))).ToList(),
            Enumerable.Range(0, _random.Next(0, 3)).Select(_ => DocumentId()).ToList(),
            Maybe() ? new StaffInfo(Text(), Text(), "0987654321", "van.thu@example.gov.vn") : null);
    }

    private EdXmlResponseFor ResponseFor()
    {
        var id = DocumentId();
        return new EdXmlResponseFor(id.Sender, $"{id.CodeNumber}/{id.CodeNotation}", Maybe() ? id.Date : null, id);
    }

    private DocumentId DocumentId() => new(Agency(), Date(), _random.Next(1, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture), Pick(["VPCP-TTĐT", "BTC-TCT/2026", "UBND"]));

    private EdXmlOrganization Organization(AgencyCode? code = null)
    {
        var id = code ?? Agency();
        return new EdXmlOrganization(id, Maybe() ? id.Parent ?? id : null, Text(), Text(allowEmpty: true), "vanthu@example.gov.vn", "024 3823 4567", Maybe() ? "024 3823 0000" : "", Maybe() ? "https://example.gov.vn" : "");
    }

    private AgencyCode Agency()
    {
        var level2 = Maybe() ? _random.Next(1, 100) : 0;
        var level3 = level2 > 0 && Maybe() ? _random.Next(1, 100) : 0;
        var level4 = level3 > 0 && Maybe() ? _random.Next(1, 1000) : 0;
        return AgencyCode.Parse($"{level4:000}.{level3:00}.{level2:00}.{Pick(Levels1)}");
    }

    private DateOnly Date() => new DateOnly(2015, 1, 1).AddDays(_random.Next(0, 4000));

    private DateTimeOffset Timestamp() =>
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(_random.Next(0, 2) * 7)).AddTicks(_random.NextInt64(0, TimeSpan.TicksPerDay * 300));

    private string Text(bool allowEmpty = false) => allowEmpty && _random.Next(0, 4) == 0 ? string.Empty : Vary(Pick(Phrases));

    /// <summary>A name as given, or with a decomposed (NFD) tail: both forms must come back exactly as given.</summary>
    private string Vary(string text) => Maybe() ? text : text + " " + NfdProvince;

    private bool Maybe() => _random.Next(0, 2) == 0;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
}
