namespace DocExchange.Signing.Validation;

/// <summary>Every signature of a PDF, validated (mirrors docexchange.v1.ValidationReport without the policy).</summary>
public sealed record ValidationReport(
    IReadOnlyList<SignatureReport> Signatures,
    DateTimeOffset ValidationTime,
    int RevisionCount,
    byte[] DocumentSha256);
