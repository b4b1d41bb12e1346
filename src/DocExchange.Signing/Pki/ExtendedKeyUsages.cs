namespace DocExchange.Signing.Pki;

/// <summary>
/// The purposes an extended key usage extension names (RFC 5280 §4.2.1.12), safe to read from threads that share one
/// certificate object (every call on a TLS connection shares its client certificate).
/// <see cref="X509EnhancedKeyUsageExtension.EnhancedKeyUsages"/> decodes on its first read straight into the field it
/// then copies from, so a first read running alongside another can copy an empty or partial list: a client
/// certificate meant for client authentication was refused as "meant for no purpose".
/// </summary>
public static class ExtendedKeyUsages
{
    /// <summary>The purposes <paramref name="extension"/> names, decoded from its bytes by this call alone.</summary>
    public static IReadOnlyList<Oid> Of(X509EnhancedKeyUsageExtension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return [.. new X509EnhancedKeyUsageExtension(extension, extension.Critical).EnhancedKeyUsages];
    }
}
