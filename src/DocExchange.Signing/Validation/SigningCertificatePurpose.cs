namespace DocExchange.Signing.Validation;

/// <summary>
/// Whether a certificate may sign documents: a key usage, when present, with digitalSignature or nonRepudiation
/// (RFC 5280 §4.2.1.3), and an extended key usage, when present, naming a document-signing purpose (RFC 5280 §4.2.1.12).
/// A TLS server certificate (serverAuth only) therefore does not sign official documents.
/// </summary>
public static class SigningCertificatePurpose
{
    /// <summary>emailProtection, documentSigning (RFC 9336) and anyExtendedKeyUsage.</summary>
    public static IReadOnlyList<string> DefaultExtendedKeyUsages { get; } = ["1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36", "2.5.29.37.0"];

    /// <summary>Why <paramref name="certificate"/> may not sign documents, or null when it may.</summary>
    /// <param name="allowedExtendedKeyUsages">The extended key usages that allow document signing (dotted OIDs).</param>
    public static string? Problem(X509Certificate2 certificate, IReadOnlyList<string> allowedExtendedKeyUsages)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(allowedExtendedKeyUsages);
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && (keyUsage.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
        {
            return $"The signing certificate's key usage ({keyUsage.KeyUsages}) allows neither digitalSignature nor nonRepudiation, so it may not sign documents.";
        }
        var extendedKeyUsage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extendedKeyUsage is null)
        {
            return null;
        }
        var purposes = extendedKeyUsage.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "").ToList();
        if (purposes.Any(allowedExtendedKeyUsages.Contains))
        {
            return null;
        }
        return $"The signing certificate's extended key usage ({string.Join(", ", purposes.Select(Name))}) does not allow document signing "
            + $"(accepted: {string.Join(", ", allowedExtendedKeyUsages.Select(Name))}); a TLS or client-authentication certificate does not sign documents.";
    }

    private static string Name(string oid) => oid switch
    {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "1.3.6.1.5.5.7.3.36" => "documentSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        _ => oid,
    };
}
