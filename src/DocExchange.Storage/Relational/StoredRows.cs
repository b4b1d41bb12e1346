using System.Data.Common;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

/// <summary>
/// Row mappings both engines share: their queries select these columns in the same order, and times are stored
/// as UTC ticks on both.
/// </summary>
internal static class StoredRows
{
    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static Agency Agency(DbDataReader r) => new(
        AgencyCode.Parse(r.GetString(0)),
        r.GetString(1),
        new AgencyContact(r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
        r.GetBoolean(2),
        Time(r.GetInt64(8)),
        Time(r.GetInt64(9)));

    public static (string Name, object? Value)[] AgencyParameters(Agency agency) =>
    [
        ("code", agency.Code.Value),
        ("parent", agency.ParentCode?.Value),
        ("name", agency.Name),
        ("active", agency.Active),
        ("address", agency.Contact.Address),
        ("email", agency.Contact.Email),
        ("telephone", agency.Contact.Telephone),
        ("fax", agency.Contact.Fax),
        ("website", agency.Contact.Website),
        ("created", Ticks(agency.CreatedAt)),
        ("updated", Ticks(agency.UpdatedAt)),
    ];

    /// <summary>The document columns in <see cref="RelationalSql"/> order, without parts, recipients and route.</summary>
    public static DocumentRow Document(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        AgencyCode.Parse(r.GetString(2)),
        r.GetString(3),
        r.GetString(4),
        (BusinessDocType)r.GetInt32(5),
        r.IsDBNull(6) ? null : DocumentId.Parse(r.GetString(6)),
        (byte[])r.GetValue(7),
        r.IsDBNull(8) ? null : (byte[])r.GetValue(8),
        Time(r.GetInt64(9)));

    /// <summary>A part row whose first column is the document id.</summary>
    public static StoredPart Part(DbDataReader r) => new(
        r.GetString(1),
        (PartKind)r.GetInt32(2),
        r.GetString(3),
        r.GetString(4),
        r.GetInt64(5),
        Sha256Digest.ParseHex(r.GetString(6)));

    public static TrustedCa TrustedCa(DbDataReader r) => new(
        (byte[])r.GetValue(0),
        Sha256Digest.FromBytes((byte[])r.GetValue(1)),
        r.GetString(2),
        Time(r.GetInt64(3)));

    public static AgencyCrl Crl(DbDataReader r) => new(
        (byte[])r.GetValue(0),
        Sha256Digest.FromBytes((byte[])r.GetValue(1)),
        r.GetString(2),
        Time(r.GetInt64(3)),
        r.IsDBNull(4) ? null : Time(r.GetInt64(4)),
        r.GetInt64(5));

    public static StatusRecord Status(DbDataReader r) => new(
        r.GetInt64(0),
        DocumentId.Parse(r.GetString(1)),
        AgencyCode.Parse(r.GetString(2)),
        AgencyCode.Parse(r.GetString(3)),
        AgencyCode.Parse(r.GetString(4)),
        (StatusCode)r.GetInt32(5),
        r.GetString(6),
        Time(r.GetInt64(7)),
        Time(r.GetInt64(8)),
        new StaffInfo(r.GetString(9), r.GetString(10), r.GetString(11), r.GetString(12)),
        r.IsDBNull(13) ? null : r.GetString(13));
}

/// <summary>A documents row before its parts, recipients and route are attached.</summary>
internal sealed record DocumentRow(
    long Position,
    string DocumentId,
    AgencyCode Sender,
    string MessageId,
    string Subject,
    BusinessDocType BusinessType,
    DocumentId? ReferencedDocumentId,
    byte[] Header,
    byte[]? Validation,
    DateTimeOffset AcceptedAt);
