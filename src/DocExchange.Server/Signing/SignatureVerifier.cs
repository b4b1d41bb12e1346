using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;
using DocExchange.Signing.Ltv;
using DocExchange.Signing.Policy;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Signing;

/// <summary>A validation report with the policy outcome, when a policy was applied.</summary>
public sealed record VerifiedDocument(ValidationReport Report, PolicyResult? Policy);

/// <summary>
/// Validates PDFs with the server's trust anchors and CRLs, applies the official-document policy, and
/// supplies the same certificates and CRLs to embed when signatures are raised to B-LT.
/// </summary>
public sealed class SignatureVerifier(ValidationOptions validation, SignaturePolicyMode policy)
{
    /// <summary>The policy the deployment applies on Send.</summary>
    public SignaturePolicyMode Policy { get; } = policy;

    public ValidationOptions Validation { get; } = validation;

    /// <summary>Issuer certificates and CRLs for the document security store.</summary>
    public LongTermValidationData LongTermData { get; } = new()
    {
        Certificates = [.. validation.TrustAnchors, .. validation.ExtraCertificates],
        Crls = validation.Crls,
    };

    /// <summary>Validates <paramref name="pdf"/> (seekable) and, when <paramref name="policyMode"/> is not Off, applies the policy for <paramref name="sender"/>.</summary>
    /// <exception cref="DocExchange.Signing.Pdf.PdfFormatException">The file is not a readable PDF.</exception>
    public Task<VerifiedDocument> VerifyAsync(Stream pdf, AgencyCode? sender, SignaturePolicyMode policyMode, DateTimeOffset? validationTime, CancellationToken cancellationToken) =>
        VerifyAsync(pdf, sender, policyMode, validationTime, copyTo: null, cancellationToken);

    /// <inheritdoc cref="VerifyAsync(Stream, AgencyCode?, SignaturePolicyMode, DateTimeOffset?, CancellationToken)"/>
    /// <param name="copyTo">A blob writer the file is copied into in validation's one read (see <see cref="PdfSignatureValidator"/>).</param>
    public async Task<VerifiedDocument> VerifyAsync(Stream pdf, AgencyCode? sender, SignaturePolicyMode policyMode, DateTimeOffset? validationTime,
        IBlobWriter? copyTo, CancellationToken cancellationToken)
    {
        var options = validationTime is null ? Validation : Validation with { ValidationTime = validationTime };
        var report = await PdfSignatureValidator.ValidateAsync(pdf, options, copyTo, cancellationToken).ConfigureAwait(false);
        var result = policyMode == SignaturePolicyMode.Off || sender is null
            ? null
            : OfficialDocumentPolicy.Evaluate(report, sender.Value.Value, policyMode);
        return new VerifiedDocument(report, result);
    }
}
