namespace DocExchange.Signing.Validation;

/// <summary>Main status of a signature validation (ETSI EN 319 102-1 §5.1.3).</summary>
public enum Indication
{
    TotalPassed,
    Indeterminate,
    TotalFailed,
}

/// <summary>Why a validation did not pass (ETSI EN 319 102-1 Table 5 names).</summary>
public enum SubIndication
{
    None,
    FormatFailure,
    HashFailure,
    SigCryptoFailure,
    Revoked,
    Expired,
    NotYetValid,
    NoCertificateChainFound,
    NoSigningCertificateFound,
    OutOfBoundsNoPoe,
    RevocationOutOfBoundsNoPoe,
    TryLater,
    ChainConstraintsFailure,
    CryptoConstraintsFailure,
    SigConstraintsFailure,
    SignedDataNotFound,
    PolicyProcessingError,
    CertificateChainGeneralFailure,
    RevokedNoPoe,
}

/// <summary>Whose signature it is.</summary>
public enum SignatureKind
{
    Unspecified,
    /// <summary>The competent person's signature (certificate QcType esign).</summary>
    Personal,
    /// <summary>The agency's signature, the seal (certificate QcType eseal).</summary>
    Agency,
    /// <summary>An RFC 3161 document timestamp (/DocTimeStamp).</summary>
    DocumentTimestamp,
}

/// <summary>What later revisions did to the signed document.</summary>
public enum ModificationVerdict
{
    /// <summary>No revision follows the signature.</summary>
    None,
    /// <summary>Later revisions only add signatures, DSS data or document timestamps.</summary>
    Allowed,
    /// <summary>A later revision changes the document in a way that is not allowed.</summary>
    Disallowed,
}
