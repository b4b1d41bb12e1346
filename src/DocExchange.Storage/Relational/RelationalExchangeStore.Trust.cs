using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Relational;

/// <summary>Each agency's trusted CAs, CRLs and pinned thumbprints.</summary>
public abstract partial class RelationalExchangeStore
{
    public Task<IReadOnlyList<AgencyCode>> FindAgenciesPinningAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AgencyCode>>(async s => await s.QueryAsync(RelationalSql.SelectAgenciesPinning, r => AgencyCode.Parse(r.GetString(0)),
            ("sha256", sha256.ToByteArray())).ConfigureAwait(false), cancellationToken);

    public Task AddTrustedCaAsync(AgencyCode code, TrustedCa ca, DateTimeOffset updatedAt, AuditEventRecord audit, CancellationToken cancellationToken) =>
        WriteAsync(async s =>
        {
            await TouchAgencyAsync(s, code, updatedAt).ConfigureAwait(false);
            await s.ExecuteAsync(RelationalSql.InsertTrustedCa, TrustedCaParameters(code, ca, updatedAt)).ConfigureAwait(false);
            await FinishAsync(s, audit).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken);

    public Task<bool> TryPublishCrlAsync(AgencyCode code, AgencyCrl crl, DateTimeOffset updatedAt, AuditEventRecord audit, CancellationToken cancellationToken) =>
        WriteAsync(async s =>
        {
            await TouchAgencyAsync(s, code, updatedAt).ConfigureAwait(false);
            var stored = await s.ExecuteAsync(RelationalSql.UpsertCrl,
                ("code", code.Value),
                ("issuerSha256", crl.IssuerCaSha256.ToByteArray()),
                ("issuer", crl.Issuer),
                ("der", crl.Der),
                ("thisUpdate", StoredRows.Ticks(crl.ThisUpdate)),
                ("nextUpdate", crl.NextUpdate is { } next ? StoredRows.Ticks(next) : null),
                ("revoked", crl.RevokedCount)).ConfigureAwait(false) == 1;
            if (!stored) return (false, false);
            await FinishAsync(s, audit).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    private static Task InsertTrustAsync(DbSession s, Agency agency)
    {
        var batch = new StatementBatch();
        foreach (var ca in agency.TrustedCas)
        {
            batch.Add(RelationalSql.InsertTrustedCa, TrustedCaParameters(agency.Code, ca, agency.UpdatedAt));
        }
        foreach (var pin in agency.PinnedThumbprints)
        {
            batch.Add(RelationalSql.InsertPin, ("code", agency.Code.Value), ("sha256", pin.ToByteArray()));
        }
        return s.RunAsync(batch);
    }

    /// <summary>The agency with its trust material, read in one round trip.</summary>
    private static async Task<Agency> WithTrustAsync(DbSession s, Agency agency)
    {
        var code = ("code", (object?)agency.Code.Value);
        var batch = new StatementBatch();
        var cas = batch.Query(RelationalSql.SelectTrustedCas, StoredRows.TrustedCa, code);
        var crls = batch.Query(RelationalSql.SelectCrls, StoredRows.Crl, code);
        var pins = batch.Query(RelationalSql.SelectPins, r => Sha256Digest.FromBytes((byte[])r.GetValue(0)), code);
        await s.RunAsync(batch).ConfigureAwait(false);
        return agency with { TrustedCas = cas, Crls = crls, PinnedThumbprints = pins };
    }

    private static async Task<IReadOnlyList<Agency>> WithTrustAsync(DbSession s, IReadOnlyList<Agency> agencies)
    {
        var loaded = new List<Agency>(agencies.Count);
        foreach (var agency in agencies)
        {
            loaded.Add(await WithTrustAsync(s, agency).ConfigureAwait(false));
        }
        return loaded;
    }

    private static async Task TouchAgencyAsync(DbSession s, AgencyCode code, DateTimeOffset updatedAt)
    {
        if (await s.ExecuteAsync(RelationalSql.TouchAgency, ("code", code.Value), ("updated", StoredRows.Ticks(updatedAt))).ConfigureAwait(false) != 1)
            throw new InvalidOperationException($"agency {code} is not registered");
    }

    private static (string, object?)[] TrustedCaParameters(AgencyCode code, TrustedCa ca, DateTimeOffset addedAt) =>
    [
        ("code", code.Value),
        ("sha256", ca.Sha256.ToByteArray()),
        ("der", ca.Der),
        ("subject", ca.Subject),
        ("notAfter", StoredRows.Ticks(ca.NotAfter)),
        ("addedAt", StoredRows.Ticks(addedAt)),
    ];
}
