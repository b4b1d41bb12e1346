using System.Net;

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Testing.Pki;

/// <summary>Options for <see cref="SamplePki.Create"/>.</summary>
public sealed record SamplePkiOptions
{
    public string AgencyCode { get; init; } = "000.00.00.G12";
    public string AgencyName { get; init; } = "Bộ Tài chính";
    public IReadOnlyList<string> ClientAgencyCodes { get; init; } = ["000.00.00.G12", "000.00.00.H41"];
    public PkiKeyAlgorithm RootKeyAlgorithm { get; init; } = PkiKeyAlgorithm.EcdsaP384;
    public PkiKeyAlgorithm CaKeyAlgorithm { get; init; } = PkiKeyAlgorithm.EcdsaP256;
    public PkiKeyAlgorithm SignerKeyAlgorithm { get; init; } = PkiKeyAlgorithm.Rsa2048;
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// A complete demonstration PKI: root CA, agency CA, personal signer, agency seal, TLS server, agency
/// clients for mutual TLS, an expired and a revoked signer with the agency CA's CRL and OCSP responders, and a TSA.
/// </summary>
public sealed class SamplePki : IDisposable
{
    private SamplePki(SamplePkiOptions options, CertificateAuthority root, CertificateAuthority agencyCa)
    {
        Options = options;
        Root = root;
        AgencyCa = agencyCa;
    }

    public SamplePkiOptions Options { get; }
    public CertificateAuthority Root { get; }
    public CertificateAuthority AgencyCa { get; }
    public X509Certificate2 PersonalSigner { get; private set; } = null!;
    public X509Certificate2 OrganisationSeal { get; private set; } = null!;
    public X509Certificate2 TlsServer { get; private set; } = null!;
    public IReadOnlyDictionary<string, X509Certificate2> AgencyClients { get; private set; } = null!;
    public X509Certificate2 ExpiredSigner { get; private set; } = null!;
    public X509Certificate2 RevokedSigner { get; private set; } = null!;
    public DateTimeOffset RevokedAt { get; private set; }
    public X509Certificate2 TimestampAuthority { get; private set; } = null!;
    /// <summary>The agency CA's CRL (DER), listing <see cref="RevokedSigner"/>.</summary>
    public byte[] AgencyCaCrl { get; private set; } = [];
    /// <summary>The agency CA's delegated OCSP responder certificate (id-kp-OCSPSigning), with its key.</summary>
    public X509Certificate2 OcspSigner { get; private set; } = null!;
    /// <summary>Answers for the agency CA's certificates, signed by <see cref="OcspSigner"/>; <see cref="RevokedSigner"/> is revoked.</summary>
    public OcspResponder AgencyOcsp { get; private set; } = null!;
    /// <summary>Answers for the root's certificates (the agency CA), signed by the root itself.</summary>
    public OcspResponder RootOcsp { get; private set; } = null!;
    /// <summary>The root's CRL (DER), empty of entries.</summary>
    public byte[] RootCrl { get; private set; } = [];

    /// <summary>The certificates above an end entity issued by the agency CA: agency CA, then root.</summary>
    public IReadOnlyList<X509Certificate2> AgencyChain => [AgencyCa.Certificate, Root.Certificate];

    public static SamplePki Create(SamplePkiOptions? options = null)
    {
        options ??= new SamplePkiOptions();
        var now = options.Time.GetUtcNow();
        var root = CertificateAuthority.CreateRoot(
            Name(cn: "DocExchange Sample Root CA", o: "DocExchange"), options.RootKeyAlgorithm, now.AddYears(-5), now.AddYears(20), options.Time);
        var agencyCa = root.CreateSubordinate(new CertificateSpec(Name(cn: $"{options.AgencyName} CA", o: options.AgencyName))
        {
            KeyAlgorithm = options.CaKeyAlgorithm,
            NotBefore = now.AddYears(-4),
            NotAfter = now.AddYears(10),
        });
        var pki = new SamplePki(options, root, agencyCa);
        pki.IssueEndEntities(now);
        return pki;
    }

    private void IssueEndEntities(DateTimeOffset now)
    {
        var o = Options;
        PersonalSigner = AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name(cn: "Nguyễn Văn An", o: o.AgencyName, title: "Vụ trưởng"))
        {
            KeyAlgorithm = o.SignerKeyAlgorithm,
            AgencyCode = o.AgencyCode,
            Email = "an.nv@example.gov.vn",
        });
        OrganisationSeal = AgencyCa.Issue(CertificateProfile.OrganisationSeal, new CertificateSpec(Name(cn: o.AgencyName, o: o.AgencyName))
        {
            KeyAlgorithm = o.SignerKeyAlgorithm,
            AgencyCode = o.AgencyCode,
        });
        TlsServer = AgencyCa.Issue(CertificateProfile.TlsServer, new CertificateSpec(Name(cn: "localhost", o: "DocExchange"))
        {
            DnsNames = ["localhost"],
            IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback],
        });
        AgencyClients = o.ClientAgencyCodes.ToDictionary(
            code => code,
            code => AgencyCa.Issue(CertificateProfile.AgencyClient, new CertificateSpec(Name(cn: $"Agency system {code}", o: "DocExchange")) { AgencyCode = code }));
        ExpiredSigner = AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name(cn: "Trần Thị Hết Hạn", o: o.AgencyName))
        {
            KeyAlgorithm = o.SignerKeyAlgorithm,
            AgencyCode = o.AgencyCode,
            NotBefore = now.AddYears(-3),
            NotAfter = now.AddYears(-1),
        });
        RevokedSigner = AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name(cn: "Lê Văn Thu Hồi", o: o.AgencyName))
        {
            KeyAlgorithm = o.SignerKeyAlgorithm,
            AgencyCode = o.AgencyCode,
        });
        RevokedAt = now.AddMinutes(-30);
        TimestampAuthority = AgencyCa.Issue(CertificateProfile.TimestampAuthority, new CertificateSpec(Name(cn: "DocExchange Sample TSA", o: "DocExchange"))
        {
            KeyAlgorithm = PkiKeyAlgorithm.Rsa2048,
            NotAfter = now.AddYears(5),
        });
        AgencyCaCrl = AgencyCa.CreateCrl([new CertificateRevocation(RevokedSigner, RevokedAt, X509RevocationReason.KeyCompromise)]);
        RootCrl = Root.CreateCrl([]);
        OcspSigner = AgencyCa.Issue(CertificateProfile.OcspResponder, new CertificateSpec(Name(cn: $"{o.AgencyName} OCSP", o: o.AgencyName)) { NotAfter = now.AddYears(1) });
        AgencyOcsp = new OcspResponder(AgencyCa.Certificate, OcspSigner, [new CertificateRevocation(RevokedSigner, RevokedAt, X509RevocationReason.KeyCompromise)], o.Time);
        RootOcsp = new OcspResponder(Root.Certificate, Root.Certificate, [], o.Time);
    }

    /// <summary>Writes every certificate as PEM, keys as PKCS #8 PEM and PFX, and the CRLs as DER and PEM.</summary>
    public async Task WriteToAsync(string directory, string pfxPassword, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, "root-ca.pem"), Root.Certificate, cancellationToken).ConfigureAwait(false);
        await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, "agency-ca.pem"), AgencyCa.Certificate, cancellationToken).ConfigureAwait(false);
        var entities = new List<(string Name, X509Certificate2 Certificate)>
        {
            ("signer", PersonalSigner),
            ("seal", OrganisationSeal),
            ("server", TlsServer),
            ("expired-signer", ExpiredSigner),
            ("revoked-signer", RevokedSigner),
            ("tsa", TimestampAuthority),
        };
        entities.AddRange(AgencyClients.Select(pair => ($"client-{pair.Key}", pair.Value)));
        foreach (var (name, certificate) in entities)
        {
            await PkiFiles.WriteCertificatePemAsync(Path.Combine(directory, name + ".pem"), certificate, cancellationToken).ConfigureAwait(false);
            await PkiFiles.WritePrivateKeyPemAsync(Path.Combine(directory, name + ".key.pem"), certificate, cancellationToken).ConfigureAwait(false);
            await PkiFiles.WritePfxAsync(Path.Combine(directory, name + ".pfx"), certificate, AgencyChain, pfxPassword, cancellationToken).ConfigureAwait(false);
        }
        await PkiFiles.WriteCrlAsync(Path.Combine(directory, "agency-ca.crl"), AgencyCaCrl, cancellationToken).ConfigureAwait(false);
        await PkiFiles.WriteCrlAsync(Path.Combine(directory, "root-ca.crl"), RootCrl, cancellationToken).ConfigureAwait(false);
    }

    private static X500DistinguishedName Name(string cn, string o, string? title = null) => SubjectNames.Of(cn, o, title);

    public void Dispose()
    {
        PersonalSigner?.Dispose();
        OrganisationSeal?.Dispose();
        TlsServer?.Dispose();
        foreach (var client in AgencyClients?.Values ?? [])
        {
            client.Dispose();
        }
        ExpiredSigner?.Dispose();
        RevokedSigner?.Dispose();
        TimestampAuthority?.Dispose();
        OcspSigner?.Dispose();
        AgencyCa.Dispose();
        Root.Dispose();
    }
}
