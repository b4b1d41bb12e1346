using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Errors;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Tests;

/// <summary>Each agency's trusted CAs, CRLs and pinned thumbprints, as every engine must keep them.</summary>
public abstract partial class ExchangeConformanceTests
{
    private static readonly ExchangeActor Operator = ExchangeActor.ForRole("operator");

    [Fact]
    public async Task Registering_with_CAs_and_pins_stores_them_with_the_agency()
    {
        using var ca = TestCa.Create("CN=Hau Giang CA");
        var pin = SHA256.HashData([1, 2, 3]);

        await Service.RegisterAgencyAsync(
            new AgencyRegistration("000.00.00.H29", "UBND tỉnh Hà Tĩnh", TrustedCaDer: [ca.Der], PinnedThumbprints: [pin]), Operator, CancellationToken.None);

        var agency = await Service.GetAgencyAsync("000.00.00.H29", CancellationToken.None);
        var stored = Assert.Single(agency.TrustedCas);
        Assert.Equal(ca.Der, stored.Der);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ca.Der)), stored.Sha256.Hex);
        Assert.Equal("CN=Hau Giang CA", stored.Subject);
        Assert.Equal(ca.Certificate.NotAfter.ToUniversalTime(), stored.NotAfter.UtcDateTime);
        Assert.Equal(Convert.ToHexStringLower(pin), Assert.Single(agency.PinnedThumbprints).Hex);
    }

    [Fact]
    public async Task A_pinned_thumbprint_finds_the_agencies_that_pinned_it_and_no_other()
    {
        var pin = SHA256.HashData([7, 7, 7]);
        var other = SHA256.HashData([8, 8, 8]);
        await Service.RegisterAgencyAsync(new AgencyRegistration("000.00.00.H29", "UBND tỉnh Hà Tĩnh", PinnedThumbprints: [pin, other]), Operator, CancellationToken.None);
        await Service.RegisterAgencyAsync(new AgencyRegistration("000.00.00.H31", "UBND tỉnh Hưng Yên", PinnedThumbprints: [other]), Operator, CancellationToken.None);

        var one = await Service.FindAgenciesPinningAsync(Sha256Digest.FromBytes(pin), CancellationToken.None);
        var two = await Service.FindAgenciesPinningAsync(Sha256Digest.FromBytes(other), CancellationToken.None);
        var none = await Service.FindAgenciesPinningAsync(Sha256Digest.FromBytes(SHA256.HashData([9])), CancellationToken.None);

        Assert.Equal(["000.00.00.H29"], one.Select(c => c.Value));
        Assert.Equal(["000.00.00.H29", "000.00.00.H31"], two.Select(c => c.Value));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Every_registry_change_is_announced_with_the_agency_it_changed()
    {
        using var ca = TestCa.Create("CN=Finance CA");
        var changed = new List<string>();
        Service.AgencyChanged += code => changed.Add(code.Value);

        await Service.RegisterAgencyAsync(new AgencyRegistration("000.00.00.H29", "UBND tỉnh Hà Tĩnh"), Operator, CancellationToken.None);
        await Service.AddTrustedCaAsync(Finance.Value, ca.Der, Operator, CancellationToken.None);
        await Service.PublishCrlAsync(Finance.Value, ca.Crl(0, Clock.GetUtcNow()), Operator, CancellationToken.None);
        await Service.DeactivateAgencyAsync("000.00.00.H29", "merged", Operator, CancellationToken.None);
        await Service.UpdateAgencyAsync(new AgencyUpdate("000.00.00.H29", Reactivate: true), Operator, CancellationToken.None);

        Assert.Equal(["000.00.00.H29", Finance.Value, Finance.Value, "000.00.00.H29", "000.00.00.H29"], changed);
    }

    [Fact]
    public async Task Adding_a_CA_stores_it_and_audits_it_once()
    {
        using var ca = TestCa.Create("CN=Finance CA");
        var before = await Storage.CountRowsAsync("audit_events");
        Clock.Advance(TimeSpan.FromMinutes(5));

        var changed = await Service.AddTrustedCaAsync(Finance.Value, ca.Der, Operator, CancellationToken.None);
        await Service.AddTrustedCaAsync(Finance.Value, ca.Der, Operator, CancellationToken.None);

        var agency = await Service.GetAgencyAsync(Finance.Value, CancellationToken.None);
        Assert.Equal(ca.Der, Assert.Single(agency.TrustedCas).Der);
        Assert.Equal(Clock.GetUtcNow(), agency.UpdatedAt);
        Assert.Equal(changed.TrustedCas.Single().Sha256, agency.TrustedCas.Single().Sha256);
        var audit = Assert.Single(await Storage.Store.ReadAuditEventsAsync(before, 10, CancellationToken.None));
        Assert.Equal((AuditActions.CaAdded, $"agency={Finance};ca_sha256={Convert.ToHexStringLower(SHA256.HashData(ca.Der))}"), (audit.Action, audit.Detail));
    }

    [Fact]
    public async Task A_malformed_certificate_or_a_non_CA_certificate_is_an_invalid_argument()
    {
        using var ca = TestCa.Create("CN=Finance CA");
        using var leaf = ca.IssueLeaf("CN=clerk");

        var garbage = await Assert.ThrowsAsync<ExchangeException>(() => Service.AddTrustedCaAsync(Finance.Value, [1, 2, 3, 4], Operator, CancellationToken.None));
        var notCa = await Assert.ThrowsAsync<ExchangeException>(() => Service.AddTrustedCaAsync(Finance.Value, leaf.RawData, Operator, CancellationToken.None));

        Assert.Equal((ExchangeErrorKind.InvalidArgument, ExchangeErrorKind.InvalidArgument), (garbage.Kind, notCa.Kind));
        Assert.Contains("not a CA certificate", notCa.Message, StringComparison.Ordinal);
        Assert.Empty((await Service.GetAgencyAsync(Finance.Value, CancellationToken.None)).TrustedCas);
    }

    [Fact]
    public async Task A_CRL_from_a_trusted_CA_is_stored_and_audited()
    {
        using var ca = TestCa.Create("CN=Finance CA");
        await Service.AddTrustedCaAsync(Finance.Value, ca.Der, Operator, CancellationToken.None);
        var crl = ca.Crl(revoked: 2, thisUpdate: Clock.GetUtcNow().AddHours(-1));
        var before = await Storage.CountRowsAsync("audit_events");

        await Service.PublishCrlAsync(Finance.Value, crl, Operator, CancellationToken.None);

        var stored = Assert.Single((await Service.GetAgencyAsync(Finance.Value, CancellationToken.None)).Crls);
        Assert.Equal(crl.Der, stored.Der);
        Assert.Equal((crl.IssuerCaSha256, "CN=Finance CA", crl.ThisUpdate, crl.NextUpdate, 2L),
            (stored.IssuerCaSha256, stored.Issuer, stored.ThisUpdate, stored.NextUpdate, stored.RevokedCount));
        var audit = Assert.Single(await Storage.Store.ReadAuditEventsAsync(before, 10, CancellationToken.None));
        Assert.Equal(AuditActions.CrlPublished, audit.Action);
        Assert.Contains("revoked=2", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CRL_from_a_CA_the_agency_does_not_trust_is_refused_naming_its_issuer()
    {
        using var trusted = TestCa.Create("CN=Finance CA");
        using var other = TestCa.Create("CN=Rogue CA");
        await Service.AddTrustedCaAsync(Finance.Value, trusted.Der, Operator, CancellationToken.None);
        var before = await Storage.CountRowsAsync("audit_events");

        var error = await Assert.ThrowsAsync<ExchangeException>(() =>
            Service.PublishCrlAsync(Finance.Value, other.Crl(0, Clock.GetUtcNow()), Operator, CancellationToken.None));

        Assert.Equal(ExchangeErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("CN=Rogue CA", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Storage.CountRowsAsync("audit_events"));
        Assert.Equal(0, await Storage.CountRowsAsync("agency_crls"));
    }

    [Fact]
    public async Task An_older_CRL_is_refused_and_a_newer_one_replaces_the_stored_one()
    {
        using var ca = TestCa.Create("CN=Finance CA");
        await Service.AddTrustedCaAsync(Finance.Value, ca.Der, Operator, CancellationToken.None);
        var now = Clock.GetUtcNow();
        await Service.PublishCrlAsync(Finance.Value, ca.Crl(1, now.AddHours(-1)), Operator, CancellationToken.None);

        var older = await Assert.ThrowsAsync<ExchangeException>(() =>
            Service.PublishCrlAsync(Finance.Value, ca.Crl(0, now.AddHours(-2)), Operator, CancellationToken.None));
        await Service.PublishCrlAsync(Finance.Value, ca.Crl(3, now), Operator, CancellationToken.None);

        Assert.Equal(ExchangeErrorKind.FailedPrecondition, older.Kind);
        Assert.Contains("older", older.Message, StringComparison.Ordinal);
        var stored = Assert.Single((await Service.GetAgencyAsync(Finance.Value, CancellationToken.None)).Crls);
        Assert.Equal((now, 3L), (stored.ThisUpdate, stored.RevokedCount));
    }

    [Fact]
    public async Task Listing_children_returns_their_trusted_CAs()
    {
        using var ca = TestCa.Create("CN=Tax CA");
        await Service.AddTrustedCaAsync(Tax.Value, ca.Der, Operator, CancellationToken.None);

        var page = await Service.ListChildrenAsync(Finance.Value, recursive: false, includeInactive: false, null, CancellationToken.None);

        var tax = Assert.Single(page.Items, a => a.Code == Tax);
        Assert.Equal(ca.Der, Assert.Single(tax.TrustedCas).Der);
    }
}

/// <summary>A CA generated for a test, with .NET's own certificate and CRL builders.</summary>
internal sealed class TestCa : IDisposable
{
    private readonly ECDsa _key;

    private TestCa(ECDsa key, X509Certificate2 certificate)
    {
        _key = key;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public byte[] Der => Certificate.RawData;

    public static TestCa Create(string subject)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCa(key, request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1)));
    }

    public X509Certificate2 IssueLeaf(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.Create(Certificate, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4]);
    }

    /// <summary>A CRL with <paramref name="revoked"/> entries, as the server would hand it to the domain after checking it.</summary>
    public AgencyCrl Crl(int revoked, DateTimeOffset thisUpdate)
    {
        var builder = new CertificateRevocationListBuilder();
        for (var i = 0; i < revoked; i++) builder.AddEntry([(byte)(i + 1), 7], thisUpdate.AddMinutes(-1));
        var nextUpdate = thisUpdate.AddDays(7);
        var der = builder.Build(Certificate, 1, nextUpdate, HashAlgorithmName.SHA256, thisUpdate: thisUpdate);
        // CRL times have whole seconds (RFC 5280 §5.1.2.4 UTCTime).
        static DateTimeOffset Seconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return new AgencyCrl(der, Sha256Digest.FromBytes(SHA256.HashData(Der)), Certificate.Subject, Seconds(thisUpdate), Seconds(nextUpdate), revoked);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
