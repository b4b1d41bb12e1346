using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>Conversions between rows and domain records.</summary>
internal static class PostgresRows
{
    public static long Ticks(DateTimeOffset time) => time.UtcTicks;

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static Agency Agency(NpgsqlDataReader r) => new(
        AgencyCode.Parse(r.GetString(0)),
        r.GetString(1),
        new AgencyContact(r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
        r.GetBoolean(2),
        Time(r.GetInt64(8)),
        Time(r.GetInt64(9)));

    public static (string Code, object? Value)[] AgencyParameters(Agency agency) =>
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


    /// <summary>The document columns in <see cref="PostgresSql"/> order, without parts, recipients and route.</summary>
    public static PostgresDocumentRow Document(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        AgencyCode.Parse(r.GetString(2)),
        r.GetString(3),
        r.GetString(4),
        (BusinessDocType)r.GetInt32(5),
        r.IsDBNull(6) ? null : DocumentId.Parse(r.GetString(6)),
        r.GetFieldValue<byte[]>(7),
        r.IsDBNull(8) ? null : r.GetFieldValue<byte[]>(8),
        Time(r.GetInt64(9)));

    /// <summary>A part row whose first column is the document id.</summary>
    public static StoredPart Part(NpgsqlDataReader r) => new(
        r.GetString(1),
        (PartKind)r.GetInt32(2),
        r.GetString(3),
        r.GetString(4),
        r.GetInt64(5),
        Sha256Digest.ParseHex(r.GetString(6)));

    public static PostgresStatement Notify(IEnumerable<string> channels) => new(PostgresSql.Notify, ("channels", channels.Distinct().ToArray()));
}

/// <summary>A documents row before its parts, recipients and route are attached.</summary>
internal sealed record PostgresDocumentRow(
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
