using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DocExchange.Storage.Sqlite;

/// <summary>Conversions between rows and domain records.</summary>
internal static class SqliteRows
{
    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static Agency Agency(SqliteDataReader r) => new(
        AgencyCode.Parse(r.GetString(0)),
        r.GetString(1),
        new AgencyContact(r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
        r.GetInt64(2) != 0,
        Time(r.GetInt64(8)),
        Time(r.GetInt64(9)));

    public static (string Code, object? Value)[] AgencyParameters(Agency agency) =>
    [
        ("$code", agency.Code.Value),
        ("$parent", agency.ParentCode?.Value),
        ("$name", agency.Name),
        ("$active", agency.Active ? 1 : 0),
        ("$address", agency.Contact.Address),
        ("$email", agency.Contact.Email),
        ("$telephone", agency.Contact.Telephone),
        ("$fax", agency.Contact.Fax),
        ("$website", agency.Contact.Website),
        ("$created", Ticks(agency.CreatedAt)),
        ("$updated", Ticks(agency.UpdatedAt)),
    ];

    public static TrustedCa TrustedCa(SqliteDataReader r) => new(
        (byte[])r.GetValue(0),
        Sha256Digest.FromBytes((byte[])r.GetValue(1)),
        r.GetString(2),
        Time(r.GetInt64(3)));

    public static AgencyCrl Crl(SqliteDataReader r) => new(
        (byte[])r.GetValue(0),
        Sha256Digest.FromBytes((byte[])r.GetValue(1)),
        r.GetString(2),
        Time(r.GetInt64(3)),
        r.IsDBNull(4) ? null : Time(r.GetInt64(4)),
        r.GetInt64(5));

    /// <summary>The document columns in <see cref="SqliteSql"/> order, without parts, recipients and route.</summary>
    public static DocumentRow Document(SqliteDataReader r) => new(
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

    public static StoredPart Part(SqliteDataReader r) => new(
        r.GetString(0),
        (PartKind)r.GetInt32(1),
        r.GetString(2),
        r.GetString(3),
        r.GetInt64(4),
        Sha256Digest.ParseHex(r.GetString(5)));

    public static StatusRecord Status(SqliteDataReader r) => new(
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
