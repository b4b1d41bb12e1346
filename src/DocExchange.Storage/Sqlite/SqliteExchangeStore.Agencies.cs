using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Sqlite;

public sealed partial class SqliteExchangeStore
{
    public Task<Agency?> FindAgencyAsync(AgencyCode code, CancellationToken cancellationToken) =>
        _db.ReadAsync(s => FindAgencyAsync(s, code), cancellationToken);

    private static async Task<Agency?> FindAgencyAsync(SqliteSession s, AgencyCode code) =>
        (await s.QueryAsync(SqliteSql.SelectAgency, SqliteRows.Agency, ("$code", code.Value)).ConfigureAwait(false)).FirstOrDefault() is { } agency
            ? await WithTrustAsync(s, agency).ConfigureAwait(false)
            : null;

    public Task<bool> TryInsertAgencyAsync(Agency agency, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var inserted = await s.ExecuteAsync(SqliteSql.InsertAgency, SqliteRows.AgencyParameters(agency)).ConfigureAwait(false) == 1;
            if (!inserted) return (false, false);
            await InsertTrustAsync(s, agency).ConfigureAwait(false);
            await InsertAuditAsync(s, audit).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    public Task UpdateAgencyAsync(Agency agency, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            var updated = await s.ExecuteAsync(SqliteSql.UpdateAgency, SqliteRows.AgencyParameters(agency)).ConfigureAwait(false);
            if (updated != 1) throw new InvalidOperationException($"agency {agency.Code} is not registered");
            await InsertAuditAsync(s, audit).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken);

    public Task<IReadOnlyList<Agency>> ListDescendantsAsync(
        AgencyCode ancestor, bool recursive, bool includeInactive, AgencyCode? afterCode, int limit, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<Agency>>(async s => await WithTrustAsync(s, await s.QueryAsync(
                recursive ? SqliteSql.SelectDescendantAgencies : SqliteSql.SelectChildAgencies,
                SqliteRows.Agency,
                ("$ancestor", ancestor.Value),
                ("$pattern", DescendantPattern(ancestor)),
                ("$includeInactive", includeInactive ? 1 : 0),
                ("$after", afterCode?.Value),
                ("$limit", limit)).ConfigureAwait(false)).ConfigureAwait(false),
            cancellationToken);

    /// <summary>
    /// A LIKE pattern matching the codes below <paramref name="ancestor"/>: its set levels kept, the (zero) levels
    /// below it free. Codes are fixed-width, so '_' matches one digit. e.g. 000.00.18.G12 → ___.__.18.G12.
    /// </summary>
    private static string DescendantPattern(AgencyCode ancestor)
    {
        var code = ancestor.Value;
        return ancestor.Level switch
        {
            1 => "___.__.__" + code[9..],
            2 => "___.__" + code[6..],
            3 => "___" + code[3..],
            _ => code,
        };
    }
}
