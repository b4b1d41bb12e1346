using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    public Task<Agency?> FindAgencyAsync(AgencyCode code, CancellationToken cancellationToken) =>
        ReadAsync(async s => (await s.QueryAsync(RelationalSql.SelectAgency, StoredRows.Agency, ("code", code.Value)).ConfigureAwait(false))
            .FirstOrDefault() is { } agency
                ? await WithTrustAsync(s, agency).ConfigureAwait(false)
                : null, cancellationToken);

    public Task<bool> TryInsertAgencyAsync(Agency agency, AuditEventRecord audit, CancellationToken cancellationToken) =>
        WriteAsync(async s =>
        {
            var inserted = await s.ExecuteAsync(RelationalSql.InsertAgency, StoredRows.AgencyParameters(agency)).ConfigureAwait(false) == 1;
            if (!inserted) return (false, false);
            await InsertTrustAsync(s, agency).ConfigureAwait(false);
            await FinishAsync(s, audit).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    public Task UpdateAgencyAsync(Agency agency, AuditEventRecord audit, CancellationToken cancellationToken) =>
        WriteAsync(async s =>
        {
            var updated = await s.ExecuteAsync(RelationalSql.UpdateAgency, StoredRows.AgencyParameters(agency)).ConfigureAwait(false);
            if (updated != 1) throw new InvalidOperationException($"agency {agency.Code} is not registered");
            await FinishAsync(s, audit).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken);

    public Task<IReadOnlyList<Agency>> ListDescendantsAsync(
        AgencyCode ancestor, bool recursive, bool includeInactive, AgencyCode? afterCode, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Agency>>(async s => await WithTrustAsync(s, await s.QueryAsync(
                recursive ? RelationalSql.SelectDescendantAgencies : RelationalSql.SelectChildAgencies,
                StoredRows.Agency,
                ("ancestor", ancestor.Value),
                ("pattern", DescendantPattern(ancestor)),
                ("includeInactive", includeInactive),
                ("after", afterCode?.Value),
                ("limit", limit)).ConfigureAwait(false)).ConfigureAwait(false),
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
