using System.Numerics;

namespace DocExchange.Signing.Pki;

/// <summary>
/// A certificate authority that holds its private key and issues certificates and CRLs. Used by tests,
/// <c>dx certs init</c> and the sample PKI; not meant as a production CA.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private readonly TimeProvider _time;
    private BigInteger _nextCrlNumber = 1;

    private CertificateAuthority(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> issuers, TimeProvider time)
    {
        Certificate = certificate;
        Issuers = issuers;
        _time = time;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The issuing chain above this CA (empty for a root), nearest first.</summary>
    public IReadOnlyList<X509Certificate2> Issuers { get; }

    /// <summary>Creates a self-signed root CA.</summary>
    public static CertificateAuthority CreateRoot(
        X500DistinguishedName subject,
        PkiKeyAlgorithm keyAlgorithm = PkiKeyAlgorithm.EcdsaP384,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        time ??= TimeProvider.System;
        var from = notBefore ?? time.GetUtcNow().AddYears(-5);
        var to = notAfter ?? from.AddYears(25);
        using var key = PkiKeys.Generate(keyAlgorithm);
        var hash = key is ECDsa { KeySize: > 256 } ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var request = PkiKeys.CreateRequest(subject, key, hash);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        var generator = key switch
        {
            RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
            _ => throw new NotSupportedException(),
        };
        var certificate = request.Create(subject, generator, from, to, PkiKeys.NewSerialNumber());
        return new CertificateAuthority(PkiKeys.AttachKey(certificate, key), [], time);
    }

    /// <summary>Issues a subordinate CA (for example an agency CA) under this one.</summary>
    public CertificateAuthority CreateSubordinate(CertificateSpec spec)
    {
        var certificate = Issue(CertificateProfile.SubordinateCa, spec);
        return new CertificateAuthority(certificate, [Certificate, .. Issuers], _time);
    }

    /// <summary>Issues an end-entity (or subordinate CA) certificate with a freshly generated key.</summary>
    public X509Certificate2 Issue(CertificateProfile profile, CertificateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var from = spec.NotBefore ?? _time.GetUtcNow().AddHours(-1);
        var to = spec.NotAfter ?? from.AddYears(2);
        if (to <= from)
        {
            throw new ArgumentException("NotAfter must be later than NotBefore.", nameof(spec));
        }
        using var key = PkiKeys.Generate(spec.KeyAlgorithm);
        var request = PkiKeys.CreateRequest(spec.Subject, key, PkiKeys.HashFor(Certificate));
        AddProfileExtensions(request, profile, spec, key);
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, false);
        request.CertificateExtensions.Add(ski);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var certificate = request.Create(Certificate.SubjectName, PkiKeys.SignatureGenerator(Certificate), from, to, PkiKeys.NewSerialNumber());
        return PkiKeys.AttachKey(certificate, key);
    }

    /// <summary>Builds a DER CRL (RFC 5280 §5) listing the given revocations, signed by this CA.</summary>
    public byte[] CreateCrl(IEnumerable<CertificateRevocation> revocations, DateTimeOffset? thisUpdate = null, DateTimeOffset? nextUpdate = null)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        var builder = new CertificateRevocationListBuilder();
        foreach (var revocation in revocations)
        {
            builder.AddEntry(revocation.Certificate, revocation.RevokedAt, revocation.Reason);
        }
        var from = thisUpdate ?? _time.GetUtcNow().AddMinutes(-5);
        var to = nextUpdate ?? from.AddDays(7);
        var number = _nextCrlNumber++;
        var padding = Certificate.GetRSAPrivateKey() is null ? null : RSASignaturePadding.Pkcs1;
        return builder.Build(Certificate, number, to, PkiKeys.HashFor(Certificate), padding, from);
    }

    private static void AddProfileExtensions(CertificateRequest request, CertificateProfile profile, CertificateSpec spec, AsymmetricAlgorithm key)
    {
        var extensions = request.CertificateExtensions;
        var san = new SubjectAlternativeNameBuilder();
        var hasSan = false;
        if (spec.AgencyCode is { Length: > 0 } code)
        {
            san.AddUri(AgencyCertificateIdentity.ToUri(code));
            hasSan = true;
        }
        foreach (var uri in spec.Uris)
        {
            san.AddUri(uri);
            hasSan = true;
        }
        if (spec.Email is { Length: > 0 } email)
        {
            san.AddEmailAddress(email);
            hasSan = true;
        }
        foreach (var dns in spec.DnsNames)
        {
            san.AddDnsName(dns);
            hasSan = true;
        }
        foreach (var ip in spec.IpAddresses)
        {
            san.AddIpAddress(ip);
            hasSan = true;
        }
        if (hasSan)
        {
            extensions.Add(san.Build());
        }
        if (spec.OcspUrl is { } ocsp)
        {
            extensions.Add(new X509AuthorityInformationAccessExtension([ocsp.AbsoluteUri], null));
        }
        if (spec.CrlUrl is { } crl)
        {
            extensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crl.AbsoluteUri]));
        }

        const X509KeyUsageFlags signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        switch (profile)
        {
            case CertificateProfile.SubordinateCa:
                extensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                break;
            case CertificateProfile.PersonalSigner:
            case CertificateProfile.OrganisationSeal:
                extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                extensions.Add(new X509KeyUsageExtension(signing, true));
                // NSS (pdfsig) rejects signer certificates whose only EKU is documentSigning (seen with poppler 22.12).
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.EmailProtection)], false));
                extensions.Add(QcStatements.CreateQcType(profile == CertificateProfile.PersonalSigner ? Oids.QcTypeESign : Oids.QcTypeESeal));
                break;
            case CertificateProfile.TlsServer:
                extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                extensions.Add(new X509KeyUsageExtension(
                    key is RSA ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature, true));
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.ServerAuth)], false));
                break;
            case CertificateProfile.AgencyClient:
                extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.ClientAuth)], false));
                break;
            case CertificateProfile.TimestampAuthority:
                extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                extensions.Add(new X509KeyUsageExtension(signing, true));
                // RFC 3161 §2.3: the TSA certificate has exactly one, critical, EKU: timeStamping.
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.TimeStamping)], true));
                break;
            case CertificateProfile.OcspResponder:
                extensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.OcspSigning)], false));
                // RFC 6960 §4.2.2.2.1: the responder's own certificate is not checked for revocation; its value is NULL.
                extensions.Add(new X509Extension(Oids.OcspNoCheck, Org.BouncyCastle.Asn1.DerNull.Instance.GetEncoded(), false));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown certificate profile.");
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
    }
}
