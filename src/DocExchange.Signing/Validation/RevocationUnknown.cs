namespace DocExchange.Signing.Validation;

/// <summary>
/// What the report says when no OCSP response or CRL gives a certificate's status: which certificate, where its
/// revocation data would come from (the URLs it names), and what the reader can do about it.
/// </summary>
internal static class RevocationUnknown
{
    private const string Remedy = "Supply its issuer's CRL or an OCSP response for it, enable online revocation checking, "
        + "or choose the BestEffort revocation policy explicitly to accept it with a warning.";

    /// <summary>The error of an INDETERMINATE / TRY_LATER under <see cref="RevocationPolicy.Require"/> (ETSI EN 319 102-1 §5.2.6).</summary>
    public static string Refusal(string role, X509Certificate2 certificate, string? problem) =>
        $"{role}{SubjectUnlessNamed(role, certificate)} has no known revocation status: {problem} {Sources(certificate)} {Remedy}";

    /// <summary>The warning under <see cref="RevocationPolicy.BestEffort"/>.</summary>
    public static string Warning(X509Certificate2 certificate, string? problem) =>
        $"Revocation of '{certificate.Subject}' not checked (best-effort revocation policy): {problem} {Sources(certificate)}";

    private static string SubjectUnlessNamed(string role, X509Certificate2 certificate) =>
        role.Contains(certificate.Subject, StringComparison.Ordinal) ? string.Empty : $" '{certificate.Subject}'";

    private static string Sources(X509Certificate2 certificate)
    {
        var crls = OnlineRevocationClient.CrlUrls(certificate);
        var ocsp = OnlineRevocationClient.OcspUrls(certificate);
        if (crls.Count == 0 && ocsp.Count == 0)
        {
            return "The certificate names no CRL distribution point and no OCSP responder.";
        }
        var named = new List<string>();
        if (crls.Count > 0)
        {
            named.Add($"CRL distribution point {string.Join(", ", crls)}");
        }
        if (ocsp.Count > 0)
        {
            named.Add($"OCSP responder {string.Join(", ", ocsp)}");
        }
        return $"The certificate names the {string.Join(" and the ", named)}.";
    }
}
