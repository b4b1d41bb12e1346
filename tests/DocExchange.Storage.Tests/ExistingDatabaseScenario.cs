using System.Security.Cryptography;
using System.Text;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Tests;

/// <summary>
/// The writes behind the existing-database fixtures (ExistingDatabases/*.sql): run by the stores of commit 41c02d7,
/// the last with one store per engine, and dumped with `sqlite3 .dump` and `pg_dump --inserts`. The tests open those
/// dumps with today's store and check that they read back what was written and accept new writes after them.
/// </summary>
public static class ExistingDatabaseScenario
{
    public static readonly AgencyCode SenderCode = AgencyCode.Parse("000.00.00.G01");
    public static readonly AgencyCode FinanceCode = AgencyCode.Parse("000.00.00.G02");
    public static readonly AgencyCode RemovedCode = AgencyCode.Parse("000.00.00.G03");
    public static readonly AgencyCode InactiveCode = AgencyCode.Parse("000.00.00.G04");

    private static readonly byte[] CaDer = Encoding.ASCII.GetBytes("not a real certificate, only stored bytes");
    private static readonly byte[] CrlDer = Encoding.ASCII.GetBytes("not a real CRL, only stored bytes");

    public static TrustedCa Ca { get; } = new(CaDer, Sha256Digest.FromBytes(SHA256.HashData(CaDer)), "CN=Existing Test CA", Records.Time.AddYears(5));

    public static AgencyCrl Crl { get; } = new(CrlDer, Ca.Sha256, "CN=Existing Test CA", Records.Time, Records.Time.AddDays(7), 2);

    public static Sha256Digest Pin { get; } = Sha256Digest.FromBytes(SHA256.HashData(Encoding.ASCII.GetBytes("pinned client certificate")));

    /// <summary>The sender as stored: active, with a trusted CA and a pin (given at registration) and the CA's CRL.</summary>
    public static Agency Sender { get; } = Records.Agency(SenderCode) with
    {
        TrustedCas = [Ca],
        Crls = [Crl],
        PinnedThumbprints = [Pin],
    };

    public static Agency Inactive { get; } = Records.Agency(InactiveCode) with { Active = false };

    public static StoredDocument Document { get; } = Records.Document(SenderCode, "existing-1", [FinanceCode, RemovedCode]);

    /// <summary>The number of audit events the scenario records (one per write).</summary>
    public const int AuditEvents = 8;

    public static MerkleNode Leaf { get; } = new(new MerkleNodeId(0, 0), SHA256.HashData(Encoding.ASCII.GetBytes("leaf 0")));

    /// <summary>The writes of the fixtures, in order.</summary>
    public static async Task WriteAsync(IExchangeStore store, IMerkleNodeStore merkle)
    {
        var none = CancellationToken.None;
        await store.TryInsertAgencyAsync(Sender with { Crls = [] }, Records.Audit("operator", AuditActions.AgencyRegistered), none);
        await store.TryInsertAgencyAsync(Records.Agency(FinanceCode), Records.Audit("operator", AuditActions.AgencyRegistered), none);
        await store.TryInsertAgencyAsync(Records.Agency(RemovedCode), Records.Audit("operator", AuditActions.AgencyRegistered), none);
        await store.TryInsertAgencyAsync(Inactive, Records.Audit("operator", AuditActions.AgencyRegistered), none);
        await store.TryPublishCrlAsync(SenderCode, Crl, Records.Time, Records.Audit("operator", AuditActions.CrlPublished), none);
        await store.CommitSendAsync(Document, Records.Audit(SenderCode.Value, AuditActions.DocumentSent, Document.Id.ToString()), [], none);
        await store.AppendStatusAsync(Records.Status(Document, FinanceCode, StatusCode.Arrived, DeliveryState.Initial, 0, "status-1"),
            Records.Audit(FinanceCode.Value, AuditActions.StatusPosted, Document.Id.ToString()), none);
        await store.ChangeRecipientsAsync(
            new RecipientsChange(Document.Id, [FinanceCode, RemovedCode], [], [RemovedCode], "sent in error", Records.Time),
            Records.Audit(SenderCode.Value, AuditActions.RecipientsUpdated, Document.Id.ToString()), none);
        await merkle.AppendAsync(0, 1, [Leaf], none);
    }
}
