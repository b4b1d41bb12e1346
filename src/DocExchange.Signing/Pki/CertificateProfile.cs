namespace DocExchange.Signing.Pki;

/// <summary>What an issued certificate is for; decides its key usage, extended key usage and extensions.</summary>
public enum CertificateProfile
{
    /// <summary>A subordinate CA (for example an agency CA); path length 0.</summary>
    SubordinateCa,
    /// <summary>The competent person's signing certificate (QcType esign).</summary>
    PersonalSigner,
    /// <summary>The agency's organisational signature, the "seal" (QcType eseal).</summary>
    OrganisationSeal,
    /// <summary>A TLS server certificate (serverAuth).</summary>
    TlsServer,
    /// <summary>An agency system's client certificate for mutual TLS (clientAuth).</summary>
    AgencyClient,
    /// <summary>An RFC 3161 time-stamping authority (critical EKU timeStamping only).</summary>
    TimestampAuthority,
    /// <summary>A delegated OCSP responder (RFC 6960 §4.2.2.2: EKU id-kp-OCSPSigning, with id-pkix-ocsp-nocheck).</summary>
    OcspResponder,
}
