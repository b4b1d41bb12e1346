using DocExchange.Storage.Rows;
using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Postgres;

/// <summary>Each agency's trusted CAs, CRLs and pinned thumbprints.</summary>
public sealed partial class PostgresExchangeStore
{
    public Task<IReadOnlyList<AgencyCode>> FindAgenciesPinningAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        _db.ReadAsync<IReadOnlyList<AgencyCode>>(async s => await s.QueryAsync(PostgresSql.SelectAgenciesPinning, r => AgencyCode.Parse(r.GetString(0)),
            ("sha256", sha256.ToByteArray())).ConfigureAwait(false), cancellationToken);

    public Task AddTrustedCaAsync(AgencyCode code, TrustedCa ca, DateTimeOffset updatedAt, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            await TouchAgencyAsync(s, code, updatedAt).ConfigureAwait(false);
            await s.ExecuteAsync(PostgresSql.InsertTrustedCa, TrustedCaParameters(code, ca, updatedAt)).ConfigureAwait(false);
            await FinishAsync(s, [], [], audit, []).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken);

    public Task<bool> TryPublishCrlAsync(AgencyCode code, AgencyCrl crl, DateTimeOffset updatedAt, AuditEventRecord audit, CancellationToken cancellationToken) =>
        _db.WriteAsync(async s =>
        {
            await TouchAgencyAsync(s, code, updatedAt).ConfigureAwait(false);
            var stored = await s.ExecuteAsync(PostgresSql.UpsertCrl,
                ("code", code.Value),
                ("issuerSha256", crl.IssuerCaSha256.ToByteArray()),
                ("issuer", crl.Issuer),
                ("der", crl.Der),
                ("thisUpdate", PostgresRows.Ticks(crl.ThisUpdate)),
                ("nextUpdate", crl.NextUpdate is { } next ? PostgresRows.Ticks(next) : null),
                ("revoked", crl.RevokedCount)).ConfigureAwait(false) == 1;
            if (!stored) return (false, false);
            await FinishAsync(s, [], [], audit, []).ConfigureAwait(false);
            return (true, true);
        }, cancellationToken);

    private static async Task InsertTrustAsync(PostgresSession s, Agency agency)
    {
        foreach (var ca in agency.TrustedCas)
        {
            await s.ExecuteAsync(PostgresSql.InsertTrustedCa, TrustedCaParameters(agency.Code, ca, agency.UpdatedAt)).ConfigureAwait(false);
        }
        foreach (var pin in agency.PinnedThumbprints)
        {
            await s.ExecuteAsync(PostgresSql.InsertPin, ("code", agency.Code.Value), ("sha256", pin.ToByteArray())).ConfigureAwait(false);
        }
    }

    private static async Task<Agency> WithTrustAsync(PostgresSession s, Agency agency)
    {
        var code = ("code", (object?)agency.Code.Value);
        return agency with
        {
            TrustedCas = await s.QueryAsync(PostgresSql.SelectTrustedCas, StoredRows.TrustedCa, code).ConfigureAwait(false),
            Crls = await s.QueryAsync(PostgresSql.SelectCrls, StoredRows.Crl, code).ConfigureAwait(false),
            PinnedThumbprints = await s.QueryAsync(PostgresSql.SelectPins, r => Sha256Digest.FromBytes((byte[])r.GetValue(0)), code).ConfigureAwait(false),
        };
    }

    private static async Task<IReadOnlyList<Agency>> WithTrustAsync(PostgresSession s, IReadOnlyList<Agency> agencies)
    {
        var loaded = new List<Agency>(agencies.Count);
        foreach (var agency in agencies)
        {
            loaded.Add(await WithTrustAsync(s, agency).ConfigureAwait(false));
        }
        return loaded;
    }

    private static async Task TouchAgencyAsync(PostgresSession s, AgencyCode code, DateTimeOffset updatedAt)
    {
        if (await s.ExecuteAsync(PostgresSql.TouchAgency, ("code", code.Value), ("updated", PostgresRows.Ticks(updatedAt))).ConfigureAwait(false) != 1)
            throw new InvalidOperationException($"agency {code} is not registered");
    }

    private static (string, object?)[] TrustedCaParameters(AgencyCode code, TrustedCa ca, DateTimeOffset addedAt) =>
    [
        ("code", code.Value),
        ("sha256", ca.Sha256.ToByteArray()),
        ("der", ca.Der),
        ("subject", ca.Subject),
        ("notAfter", PostgresRows.Ticks(ca.NotAfter)),
        ("addedAt", PostgresRows.Ticks(addedAt)),
    ];
}
