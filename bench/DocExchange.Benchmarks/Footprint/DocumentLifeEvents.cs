using System.Globalization;
using System.Security.Cryptography;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;

namespace DocExchange.Benchmarks.Footprint;

/// <summary>
/// Audit events shaped as the server records them over one document's life: <c>document.sent</c> (one recipient, the
/// SHA-256 of the PDF and of the validation report, the validation outcome) then <c>status.posted</c> for 01, 03, 05
/// and 06. Five events per document, as in the exchange's commonest path.
/// </summary>
internal static class DocumentLifeEvents
{
    public const int PerDocument = 5;
    private static readonly string[] Statuses = ["01", "03", "05", "06"];

    public static AuditEventRecord Event(long index)
    {
        long document = index / PerDocument;
        int step = (int)(index % PerDocument);
        var time = new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero).AddMilliseconds(index * 7.3);
        string id = string.Create(CultureInfo.InvariantCulture, $"000.00.00.G22,2026/11/21,{document + 1}/VPCP-TTĐT");
        var sender = new ExchangeActor("000.00.00.G22", ExchangeActor.AgencyRole, Digest(document, "G22 client certificate"));
        var recipient = new ExchangeActor("000.00.00.H41", ExchangeActor.AgencyRole, Digest(document, "H41 client certificate"));
        return step == 0
            ? new AuditEventRecord(0, time, sender, AuditActions.DocumentSent, id, ["000.00.00.H41"],
                [new PartHash($"congvan-{document + 1}.pdf", Digest(document, "pdf")), new PartHash("validation-report", Digest(document, "report"))],
                AuditActions.OutcomeOk, "type=New;validation=TOTAL_PASSED")
            : new AuditEventRecord(0, time, recipient, AuditActions.StatusPosted, id, ["000.00.00.H41"], [], AuditActions.OutcomeOk,
                $"status={Statuses[step - 1]}");
    }

    private static Sha256Digest Digest(long document, string what) =>
        Sha256Digest.FromBytes(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{what} {document}")));
}
