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
