using System.Globalization;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>A part to send: how it is declared and its bytes.</summary>
internal sealed record GeneratedPart(PartInfo Info, byte[] Content);

/// <summary>
/// A document the exchange can carry, generated from a seed (the same seed always gives the same document): every
/// field of the native DocumentHeader, each optional one present or absent, Vietnamese text in precomposed (NFC) and
/// decomposed (NFD) forms and characters XML must escape, and a main PDF with 0 to 20 attachments of varied types,
/// names and sizes.
/// </summary>
internal sealed class GeneratedExchangeDocument
{
    /// <summary>Agencies the generated documents may name as recipients besides H41 (registered by the test server).</summary>
    public static readonly string[] ExtraRecipients = ["000.00.18.G12", "000.00.00.H30", "000.00.00.G09"];

    private static readonly string[] Phrases =
    [
        "Về việc triển khai Nghị định 30/2020/NĐ-CP", "Công văn hỏa tốc", "Quyết định phê duyệt kế hoạch năm 2026",
        "Thông báo kết luận của Thủ tướng Chính phủ", "Ủy ban nhân dân tỉnh Nghệ An", "Bộ Tài chính", "Tổng cục Thuế",
        "Nguyễn Thị Hương", "Trần Văn Đức", "Phó Chủ tịch", "Số 16 Lê Hồng Phong, TP. Vinh", "a < b & c > \"d\" 'e' ]]>",
        "dòng một\r\ndòng hai\ttab\nba", "  khoảng trắng đầu và cuối  ", "   ", "\r\n\t", "Hậu Giang", "🙂 ngoài BMP",
        // Decomposed (NFD) forms, written out: the tests run with invariant globalization, where Normalize is a no-op.
        "U\u0309y ban nha\u0302n da\u0302n ti\u0309nh Nghe\u0323\u0302 An", "Quye\u0302\u0301t \u0111i\u0323nh",
        "co\u0302ng va\u0306n ho\u0309a to\u0302\u0301c",
    ];

    private static readonly (string Extension, string ContentType)[] Types =
    [
        (".pdf", "application/pdf"), (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (".png", "image/png"), (".zip", "application/zip"),
        (".txt", "text/plain; charset=utf-8"), (".csv", "text/csv"), ("", "application/octet-stream"),
    ];

    private static readonly string[] FileNames = ["Phụ lục", "Bảng tổng hợp", "ảnh chụp", "Danh sa\u0301ch đầu mối", "bao-cao_2026", "Tờ trình (bản 2)"];

    private readonly Random _random;

    /// <param name="seed">Also the code number, so that no two documents of one sender share a document id; a seed ending in 01
    /// gives no attachment, one ending in 02 twenty.</param>
    public GeneratedExchangeDocument(int seed, string sender, string firstRecipient)
    {
        Seed = seed;
        _random = new Random(seed);
        Header = GenerateHeader(sender, firstRecipient);
        Parts = GenerateParts((seed % 100) switch { 1 => 0, 2 => 20, _ => _random.Next(0, 21) });
    }

    public int Seed { get; }

    /// <summary>The header as sent (From may be absent: the server fills in the caller).</summary>
    public DocumentHeader Header { get; }

    /// <summary>The main PDF first, then the attachments.</summary>
    public IReadOnlyList<GeneratedPart> Parts { get; }

    public SendHeader SendHeader(string messageId)
    {
        var header = new SendHeader { MessageId = messageId, Document = Header.Clone() };
        header.Parts.AddRange(Parts.Select(p => p.Info.Clone()));
        return header;
    }

    private DocumentHeader GenerateHeader(string sender, string firstRecipient)
    {
        var header = new DocumentHeader
        {
            Code = new DocumentCode
            {
                CodeNumber = Seed.ToString(CultureInfo.InvariantCulture),
                CodeNotation = Pick("VPCP-TTĐT", "BTC-TCT", "UBND-VX", "QĐ-TTg"),
            },
            Subject = Subject(),
        };
        if (Maybe()) header.From = Organization(sender);
        header.To.Add(Organization(firstRecipient));
        header.To.AddRange(ExtraRecipients.Where(_ => Maybe()).Select(Organization));
        if (Maybe()) header.PromulgationInfo = new PromulgationInfo { Place = Text(allowEmpty: true), PromulgationDate = Maybe() ? Date() : string.Empty };
        if (Maybe()) header.DocumentType = new DocumentType { Type = _random.Next(0, 40), TypeName = Pick("Công văn", "Quyết định", "Thông báo", "Tờ trình", "") };
        header.Content = Text(allowEmpty: true);
        if (Maybe()) header.SignerInfo = new SignerInfo { Competence = Pick("TL.", "KT.", "TM.", ""), Position = Text(allowEmpty: true), FullName = Text(allowEmpty: true) };
        if (Maybe()) header.DueDate = Date();
        header.ToPlaces.AddRange(Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Text(allowEmpty: true)));
        if (Maybe())
        {
            header.OtherInfo = new OtherInfo
            {
                Priority = (Priority)_random.Next(0, 5),
                SphereOfPromulgation = Text(allowEmpty: true),
                TyperNotation = Text(allowEmpty: true),
                PromulgationAmount = _random.Next(0, 500),
                PageAmount = _random.Next(0, 300),
                Appendixes = { Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Text(allowEmpty: true)) },
            };
        }
        header.SteeringType = _random.Next(0, 3);
        header.ResponseFor.AddRange(Enumerable.Range(0, _random.Next(0, 3)).Select(_ => ResponseFor()));
        if (Maybe())
        {
            // A new document (type 0) may carry the whole block; recall and update are calls of their own, and a
            // replacement needs a document of the sender's to replace.
            header.Business = new Business
            {
                BusinessDocType = BusinessDocType.New,
                BusinessDocReason = Text(allowEmpty: true),
                DocumentId = Maybe() ? DocumentId() : string.Empty,
                ReceiverChanges =
                {
                    Enumerable.Range(0, _random.Next(0, 3)).Select(_ => new ReceiverChange
                    {
                        OrganId = Agency(), ReceiverType = (ReceiverChangeType)_random.Next(0, 2),
                    }),
                },
                ReplacedDocumentIds = { Enumerable.Range(0, _random.Next(0, 3)).Select(_ => DocumentId()) },
            };
            if (Maybe()) header.Business.StaffInfo = new StaffInfo { Department = Text(), Staff = Text(), Mobile = "0987654321", Email = "van.thu@example.gov.vn" };
        }
        return header;
    }

    private List<GeneratedPart> GenerateParts(int attachments)
    {
        var main = SamplePdf.Create($"Van ban sinh tu hat giong {Seed}", paddingBytes: _random.Next(0, 20_000));
        var parts = new List<GeneratedPart>
        {
            new(new PartInfo { PartId = Pick("main", "congvan", "VB.chinh_1"), Kind = PartKind.MainDocument, FileName = Pick("Công văn.pdf", "Quye\u0302\u0301t đi\u0323nh 12.pdf", "main.pdf"), ContentType = "application/pdf", Size = main.Length }, main),
        };
        for (var i = 0; i < attachments; i++)
        {
            var (extension, contentType) = Types[_random.Next(Types.Length)];
            var content = new byte[_random.Next(0, 4) switch { 0 => 0, 1 => _random.Next(1, 300), _ => _random.Next(300, 40_000) }];
            _random.NextBytes(content);
            var info = new PartInfo
            {
                PartId = $"{Pick("att", "phu-luc", "PL_", "tep.")}{i}",
                Kind = PartKind.Attachment,
                FileName = $"{Pick(FileNames)} {i}{extension}",
                ContentType = contentType,
                Size = content.Length,
            };
            parts.Add(new GeneratedPart(info, content));
        }
        return parts;
    }

    private Organization Organization(string code) => new()
    {
        OrganId = code,
        OrganizationInCharge = Maybe() ? Pick("000.00.00.G22", "000.00.00.G12", "") : string.Empty,
        OrganName = Text(allowEmpty: true),
        OrganAdd = Text(allowEmpty: true),
        Email = Maybe() ? "vanthu@example.gov.vn" : string.Empty,
        Telephone = Maybe() ? "024 3823 4567" : string.Empty,
        Fax = Maybe() ? "024 3823 0000" : string.Empty,
        Website = Maybe() ? "https://example.gov.vn" : string.Empty,
    };

    private ResponseFor ResponseFor()
    {
        var sender = Agency();
        var date = Date();
        var number = _random.Next(1, 9999).ToString(CultureInfo.InvariantCulture);
        var notation = Pick("VPCP-TTĐT", "UBND-VX");
        return new ResponseFor
        {
            OrganId = sender,
            Code = $"{number}/{notation}",
            PromulgationDate = Maybe() ? date : string.Empty,
            DocumentId = $"{sender},{date},{number}/{notation}",
        };
    }

    private string DocumentId() =>
        $"{Agency()},{Date()},{_random.Next(1, 9999).ToString(CultureInfo.InvariantCulture)}/{Pick("VPCP-TTĐT", "BTC-TCT", "UBND")}";

    private string Agency() => Pick("000.00.00.G22", "000.00.00.H41", "000.00.18.G12", "000.00.00.H30", "001.02.03.G09");

    private string Date() => new DateOnly(2015, 1, 1).AddDays(_random.Next(0, 4000)).ToString("yyyy/MM/dd", CultureInfo.InvariantCulture);

    private string Text(bool allowEmpty = false)
    {
        if (allowEmpty && _random.Next(0, 4) == 0) return string.Empty;
        var text = Pick(Phrases);
        return Maybe() ? text : text + " — " + Pick(Phrases);
    }

    /// <summary>Any text but a blank one: the subject is required.</summary>
    private string Subject()
    {
        string subject;
        do subject = Text(); while (string.IsNullOrWhiteSpace(subject));
        return subject;
    }

    private bool Maybe() => _random.Next(0, 2) == 0;

    private T Pick<T>(params IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
