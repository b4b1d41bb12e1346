using DocExchange.Signing.Pki;

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
        // A copy decoded by this call: the certificate may be shared by concurrent validations, and the extension's
        // lazy decode publishes its flags and its "decoded" mark as two plain writes (see ExtendedKeyUsages).
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } shared
            ? new X509KeyUsageExtension(shared, shared.Critical).KeyUsages
            : (X509KeyUsageFlags?)null;
        if (keyUsage is { } usages && (usages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
        {
            return $"The signing certificate's key usage ({usages}) allows neither digitalSignature nor nonRepudiation, so it may not sign documents.";
        }
        var extendedKeyUsage = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extendedKeyUsage is null)
        {
            return null;
        }
        var purposes = ExtendedKeyUsages.Of(extendedKeyUsage).Select(o => o.Value ?? "").ToList();
        if (purposes.Any(allowedExtendedKeyUsages.Contains))
        {
            return null;
        }
        return $"The signing certificate's extended key usage ({string.Join(", ", purposes.Select(Name))}) does not allow document signing "
            + $"(accepted: {string.Join(", ", allowedExtendedKeyUsages.Select(Name))}); a TLS or client-authentication certificate does not sign documents.";
    }

    /// <summary>
    /// The dotted OID of an extended key usage given by its RFC 5280 / RFC 9336 name (serverAuth, clientAuth,
    /// emailProtection, timeStamping, OCSPSigning, documentSigning, anyExtendedKeyUsage; any case) or as a dotted OID.
    /// </summary>
    /// <exception cref="FormatException">Neither a known name nor a dotted OID; the message lists the names.</exception>
    public static string ParseExtendedKeyUsage(string nameOrOid)
    {
        ArgumentNullException.ThrowIfNull(nameOrOid);
        var text = nameOrOid.Trim();
        foreach (var (oid, name) in Names)
        {
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase) || text == oid)
            {
                return oid;
            }
        }
        if (IsDottedOid(text))
        {
            return text;
        }
        throw new FormatException($"'{nameOrOid}' is not an extended key usage: give a dotted OID (e.g. 1.3.6.1.5.5.7.3.36) or one of {string.Join(", ", Names.Select(n => n.Name))}.");
    }

    private static readonly (string Oid, string Name)[] Names =
    [
        ("1.3.6.1.5.5.7.3.1", "serverAuth"),
        ("1.3.6.1.5.5.7.3.2", "clientAuth"),
        ("1.3.6.1.5.5.7.3.4", "emailProtection"),
        ("1.3.6.1.5.5.7.3.8", "timeStamping"),
        ("1.3.6.1.5.5.7.3.9", "OCSPSigning"),
        ("1.3.6.1.5.5.7.3.36", "documentSigning"),
        ("2.5.29.37.0", "anyExtendedKeyUsage"),
    ];

    // X.660: arcs of digits separated by dots, the first arc 0, 1 or 2.
    private static bool IsDottedOid(string text)
    {
        var arcs = text.Split('.');
        return arcs.Length >= 2 && arcs[0] is "0" or "1" or "2"
            && arcs.All(a => a.Length > 0 && a.All(char.IsAsciiDigit) && (a.Length == 1 || a[0] != '0'));
    }

    private static string Name(string oid) => Names.FirstOrDefault(n => n.Oid == oid).Name ?? oid;
}
