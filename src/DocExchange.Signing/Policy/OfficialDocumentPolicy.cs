using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Policy;

/// <summary>
/// The "official document" policy of Nghị định 30/2020/NĐ-CP Art. 5: an electronic document has the value of the
/// original when it carries a valid digital signature of the competent person and one of the agency. The agency
/// signature (the seal) must be that of the sending agency: its certificate binds the sender's code as SAN URI
/// urn:docexchange:agency:&lt;code&gt;. A signature that failed outright (TOTAL_FAILED) or a later revision that changed
/// the document in a way that is not allowed also fails the policy.
/// </summary>
public static class OfficialDocumentPolicy
{
    public const string RequiredName = "nd30-2020-art5/required";
    public const string PersonalOnlyName = "nd30-2020-art5/personal-only";
    public const string OffName = "off";

    public static string NameOf(SignaturePolicyMode mode) => mode switch
    {
        SignaturePolicyMode.Required => RequiredName,
        SignaturePolicyMode.PersonalOnly => PersonalOnlyName,
        _ => OffName,
    };

    /// <param name="senderAgencyCode">The agency the document comes from (QCVN 102 code).</param>
    public static PolicyResult Evaluate(ValidationReport report, string senderAgencyCode, SignaturePolicyMode mode)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(senderAgencyCode);
        var name = NameOf(mode);
        if (mode == SignaturePolicyMode.Off)
        {
            return new PolicyResult(name, true, []);
        }
        var reasons = new List<string>();
        foreach (var failed in report.Signatures.Where(s => s.Indication == Indication.TotalFailed))
        {
            reasons.Add($"Signature '{failed.FieldName}' is invalid ({failed.SubIndication}): {failed.Errors.FirstOrDefault()}");
        }
        foreach (var changed in report.Signatures.Where(s => s.ModificationVerdict == ModificationVerdict.Disallowed))
        {
            reasons.Add($"The document was changed after signature '{changed.FieldName}' in ways that are not allowed.");
        }

        var personal = report.Signatures.Where(s => s.Kind == SignatureKind.Personal).ToList();
        if (!personal.Any(s => s.IsAcceptable))
        {
            reasons.Add(personal.Count == 0
                ? "No personal signature of the competent person (a certificate with QcType esign) was found."
                : $"No personal signature is valid: {Describe(personal)}.");
        }
        if (mode == SignaturePolicyMode.Required)
        {
            var seals = report.Signatures.Where(s => s.Kind == SignatureKind.Agency).ToList();
            var ownSeals = seals.Where(s => string.Equals(s.Signer?.AgencyCode, senderAgencyCode, StringComparison.OrdinalIgnoreCase)).ToList();
            if (seals.Count == 0)
            {
                reasons.Add($"No agency signature (seal, a certificate with QcType eseal) of the sending agency {senderAgencyCode} was found.");
            }
            else if (ownSeals.Count == 0)
            {
                var others = string.Join(", ", seals.Select(s => s.Signer?.AgencyCode ?? "no agency code").Distinct());
                reasons.Add($"The agency signature is not that of the sending agency {senderAgencyCode}: its certificate binds {others}.");
            }
            else if (!ownSeals.Any(s => s.IsAcceptable))
            {
                reasons.Add($"The agency signature of {senderAgencyCode} is not valid: {Describe(ownSeals)}.");
            }
        }
        return new PolicyResult(name, reasons.Count == 0, reasons.Distinct().ToList());
    }

    private static string Describe(IEnumerable<SignatureReport> signatures) => string.Join("; ", signatures.Select(s =>
        $"'{s.FieldName}' is {s.Indication}/{s.SubIndication}{(s.Errors.Count > 0 ? " (" + s.Errors[0] + ")" : string.Empty)}"));
}
