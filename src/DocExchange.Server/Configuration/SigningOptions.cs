using DocExchange.Signing.Policy;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Configuration;

/// <summary>Signature validation, the server's time-stamping authority and the agencies' seal keys: section "DocExchange:Signing".</summary>
public sealed class SigningOptions
{
    public const string SectionName = "DocExchange:Signing";

    /// <summary>PEM file of the CA certificates trusted for signatures and time-stamps.</summary>
    public string TrustAnchorsPath { get; set; } = "certs-sample/signing/root-ca.crt";

    /// <summary>Optional PEM file of intermediate CA certificates that help build chains.</summary>
    public string? IntermediatesPath { get; set; }

    /// <summary>CRL files (DER or PEM), used offline and embedded into B-LT signatures.</summary>
    public List<string> CrlPaths { get; set; } = [];

    /// <summary>
    /// What to do when no OCSP response or CRL gives a certificate's status: Require (the default: INDETERMINATE /
    /// TRY_LATER, ETSI EN 319 102-1), BestEffort (warn) or Skip. Relaxing it is an explicit choice of the deployment.
    /// </summary>
    public RevocationPolicy RevocationPolicy { get; set; } = RevocationPolicy.Require;

    /// <summary>
    /// The extended key usages (names such as documentSigning, or dotted OIDs) that let a signer's certificate sign
    /// documents when it has that extension. Empty: emailProtection, documentSigning and anyExtendedKeyUsage.
    /// </summary>
    public List<string> AllowedExtendedKeyUsages { get; set; } = [];

    /// <summary>
    /// When true, a certificate no configured or embedded OCSP response or CRL covers is checked online: its OCSP
    /// responder, then its CRL distribution point (only for paths already built to a trust anchor). Off by default.
    /// </summary>
    public bool OnlineRevocation { get; set; }

    /// <summary>
    /// The official-document policy applied on Send (Nghị định 30/2020 Art. 5): Off, PersonalOnly or Required.
    /// Off by default; a deployment turns it on.
    /// </summary>
    public SignaturePolicyMode Policy { get; set; } = SignaturePolicyMode.Off;

    /// <summary>
    /// Directory of the agencies' seal keys: one <c>&lt;agency code&gt;.p12</c> (PKCS #12) or <c>&lt;code&gt;.key.pem</c>
    /// (encrypted PKCS #8) with <c>&lt;code&gt;.crt</c> per agency, all encrypted with <see cref="KeystorePassword"/>.
    /// </summary>
    public string KeystorePath { get; set; } = "certs-sample/signing/seals";

    /// <summary>Decrypts the seal keys and a generated TSA key; set it from the secret DOCEXCHANGE__Signing__KeystorePassword.</summary>
    public string? KeystorePassword { get; set; }

    public TimestampAuthorityOptions Tsa { get; set; } = new();

    public sealed class TimestampAuthorityOptions
    {
        /// <summary>
        /// PKCS #12 file of the server's TSA certificate (single critical EKU timeStamping) and key. When empty or
        /// missing, the server generates a TSA CA and a TSA certificate under &lt;DataDirectory&gt;/signing at first start.
        /// </summary>
        public string? CertificatePath { get; set; } = "certs-sample/signing/tsa.pfx";

        /// <summary>The TSA file's password; the keystore password when empty.</summary>
        public string? CertificatePassword { get; set; }
    }
}
