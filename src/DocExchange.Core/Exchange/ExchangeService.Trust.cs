using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Errors;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>
    /// Adds a CA trusted to issue certificates for an agency. InvalidArgument unless <paramref name="certificateDer"/> is a
    /// DER CA certificate; adding a CA already trusted changes nothing and records nothing.
    /// </summary>
    public async Task<Agency> AddTrustedCaAsync(string code, byte[] certificateDer, ExchangeActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(certificateDer);
        var existing = await GetAgencyAsync(code, cancellationToken).ConfigureAwait(false);
        var ca = TrustedCa.FromDer(certificateDer);
        if (existing.TrustedCas.Any(c => c.Sha256 == ca.Sha256)) return existing;

        var now = Now;
        var audit = AuditEventRecord.Simple(now, actor, AuditActions.CaAdded, AuditActions.OutcomeOk, $"agency={existing.Code};ca_sha256={ca.Sha256.Hex}");
        await _store.AddTrustedCaAsync(existing.Code, ca, now, audit, cancellationToken).ConfigureAwait(false);
        OnAgencyChanged(existing.Code);
        await AuditCommittedAsync().ConfigureAwait(false);
        return existing with { TrustedCas = [.. existing.TrustedCas, ca], UpdatedAt = now };
    }

    /// <summary>
    /// Stores a CRL, already read and signature-checked by the caller against the trusted CA it names, as the agency's
    /// current CRL from that CA. FailedPrecondition when that CA is not trusted for the agency, or when the stored CRL from
    /// it is newer (RFC 5280 §5.1.2.4: a later thisUpdate supersedes).
    /// </summary>
    public async Task<AgencyCrl> PublishCrlAsync(string code, AgencyCrl crl, ExchangeActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(crl);
        var existing = await GetAgencyAsync(code, cancellationToken).ConfigureAwait(false);
        if (crl.Der.Length == 0) throw ExchangeException.InvalidArgument("the CRL is empty: supply a DER-encoded X.509 CRL");
        if (crl.RevokedCount < 0) throw ExchangeException.InvalidArgument("a CRL cannot list a negative number of revoked certificates");
        if (!existing.TrustedCas.Any(c => c.Sha256 == crl.IssuerCaSha256))
            throw UntrustedCrlIssuer(existing.Code, crl.Issuer);
        if (existing.Crls.FirstOrDefault(c => c.IssuerCaSha256 == crl.IssuerCaSha256) is { } stored && stored.ThisUpdate > crl.ThisUpdate)
            throw OlderCrl(existing.Code, crl, stored);

        var now = Now;
        var audit = AuditEventRecord.Simple(now, actor, AuditActions.CrlPublished, AuditActions.OutcomeOk,
            $"agency={existing.Code};ca_sha256={crl.IssuerCaSha256.Hex};this_update={crl.ThisUpdate.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ};revoked={crl.RevokedCount}");
        if (!await _store.TryPublishCrlAsync(existing.Code, crl, now, audit, cancellationToken).ConfigureAwait(false))
            throw ExchangeException.FailedPrecondition(
                $"a newer CRL from '{crl.Issuer}' was published for agency {existing.Code} meanwhile: fetch the agency and publish only a newer CRL");
        OnAgencyChanged(existing.Code);
        await AuditCommittedAsync().ConfigureAwait(false);
        return crl;
    }

    /// <summary>
    /// The agencies that pinned the client certificate whose SHA-256 is <paramref name="certificateSha256"/>: normally
    /// none or one; several when operators pinned one certificate twice (the caller decides what that means).
    /// </summary>
    public Task<IReadOnlyList<AgencyCode>> FindAgenciesPinningAsync(Sha256Digest certificateSha256, CancellationToken cancellationToken) =>
        _store.FindAgenciesPinningAsync(certificateSha256, cancellationToken);

    /// <summary>The refusal for a CRL whose issuer is not one of the agency's trusted CAs.</summary>
    public static ExchangeException UntrustedCrlIssuer(AgencyCode code, string issuer) => ExchangeException.FailedPrecondition(
        $"the CRL issuer '{issuer}' is not a trusted CA of agency {code}: add the CA with AddTrustedCa first");

    private static ExchangeException OlderCrl(AgencyCode code, AgencyCrl crl, AgencyCrl stored) => ExchangeException.FailedPrecondition(
        $"the CRL from '{crl.Issuer}' (thisUpdate {crl.ThisUpdate:u}) is older than the one already published for agency {code} " +
        $"(thisUpdate {stored.ThisUpdate:u}): publish a newer CRL");

    private static List<TrustedCa> ReadTrustedCas(IReadOnlyList<byte[]> ders)
    {
        var cas = new List<TrustedCa>();
        foreach (var der in ders)
        {
            var ca = TrustedCa.FromDer(der ?? []);
            if (!cas.Any(c => c.Sha256 == ca.Sha256)) cas.Add(ca);
        }
        return cas;
    }

    private static List<Sha256Digest> ReadPins(IReadOnlyList<byte[]> thumbprints)
    {
        var pins = new List<Sha256Digest>();
        foreach (var thumbprint in thumbprints)
        {
            if (thumbprint is not { Length: Sha256Digest.ByteLength })
                throw ExchangeException.InvalidArgument(
                    $"a pinned thumbprint must be a SHA-256 digest of {Sha256Digest.ByteLength} bytes, not {thumbprint?.Length ?? 0}");
            var pin = Sha256Digest.FromBytes(thumbprint);
            if (!pins.Contains(pin)) pins.Add(pin);
        }
        return pins;
    }
}
