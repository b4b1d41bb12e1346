namespace DocExchange.Cli.Signatures;

/// <summary>
/// What <c>dx verify</c> shows and prints as JSON, the same whether the PDF was validated locally (signing library)
/// or by the server (Signing.Verify). Indications use ETSI EN 319 102-1's names, e.g. TOTAL_FAILED / HASH_FAILURE.
/// </summary>
public sealed record VerificationView(
    string File,
    string VerifiedBy,
    TrustView? Trust,
    int RevisionCount,
    string DocumentSha256,
    string ValidationTime,
    IReadOnlyList<SignatureView> Signatures,
    PolicyView? Policy)
{
    /// <summary>At least one signature, every one passed with no disallowed change after it, and the policy (when asked) satisfied.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public bool Passed => Signatures.Count > 0 && Signatures.All(s => s.Passed) && Policy is not { Satisfied: false };
}

/// <summary>What a local validation trusted: anchors, CRLs, the revocation policy, and where the anchors came from.</summary>
public sealed record TrustView(IReadOnlyList<string> Anchors, IReadOnlyList<string> Crls, string Revocation, string Source)
{
    /// <summary>The files given with --intermediates.</summary>
    public IReadOnlyList<string> Intermediates { get; init; } = [];
}

/// <summary>One signature's result.</summary>
public sealed record SignatureView(
    string Field,
    string Kind,
    string Indication,
    string? SubIndication,
    bool Passed,
    string? Signer,
    string? Organization,
    string? AgencyCode,
    string? ClaimedSigningTime,
    string? TimestampTime,
    string Level,
    CoverageView? Coverage,
    string Modification,
    IReadOnlyList<string> Modifications,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    string? DigestAlgorithm,
    string? SignatureAlgorithm);

/// <summary>The revision a signature closes and whether it covers all of it (the /ByteRange as [offset, length] pairs).</summary>
public sealed record CoverageView(int Revision, bool CoversWholeRevision, bool IsLastRevision, IReadOnlyList<long> ByteRange);

/// <summary>The official-document policy outcome (Nghị định 30/2020 Art. 5) for a sender agency.</summary>
public sealed record PolicyView(string Name, string Agency, bool Satisfied, IReadOnlyList<string> Reasons);
