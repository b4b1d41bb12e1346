using System.Security.Cryptography.X509Certificates;

namespace DocExchange.EdXml.Signatures;

public enum EdXmlSignatureStatus
{
    /// <summary>The envelope carries no signature.</summary>
    Absent,

    /// <summary>The signature verifies with the signer's key over the header (and the manifest when referenced).</summary>
    Valid,

    /// <summary>The signature is present but does not verify, or covers something other than the header.</summary>
    Invalid,
}

/// <summary>
/// The envelope signature's result, for the validation report. Valid says the signed content is unchanged and the
/// certificate's key made the signature; whether that certificate is trusted for the agency is the caller's check.
/// </summary>
public sealed record EdXmlSignatureResult(EdXmlSignatureStatus Status, string? Reason = null, X509Certificate2? Signer = null, bool CoversManifest = false)
{
    public static EdXmlSignatureResult Absent { get; } = new(EdXmlSignatureStatus.Absent);

    public static EdXmlSignatureResult Invalid(string reason, X509Certificate2? signer = null) => new(EdXmlSignatureStatus.Invalid, reason, signer);
}
