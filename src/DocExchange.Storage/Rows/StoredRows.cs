using System.Data.Common;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Rows;

/// <summary>
/// Row mappings both engines share: their queries select these columns in the same order, and times are stored
/// as UTC ticks on both.
/// </summary>
internal static class StoredRows
{
    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

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
