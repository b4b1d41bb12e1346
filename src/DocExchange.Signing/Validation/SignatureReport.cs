using DocExchange.Signing.Pades;

namespace DocExchange.Signing.Validation;

/// <summary>The validation result of one signature (mirrors docexchange.v1.SignatureReport).</summary>
public sealed class SignatureReport
{
    private readonly List<string> _errors = [];
    private readonly List<string> _warnings = [];
    private readonly List<Modification> _modifications = [];

    internal SignatureReport(string fieldName)
    {
        FieldName = fieldName;
    }

    public string FieldName { get; }

    public SignatureKind Kind { get; internal set; }

    public Indication Indication { get; internal set; } = Indication.TotalPassed;

    public SubIndication SubIndication { get; internal set; }

    public IReadOnlyList<string> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    public SignerDetails? Signer { get; internal set; }

    /// <summary>The claimed signing time (/M); not proven.</summary>
    public DateTimeOffset? ClaimedSigningTime { get; internal set; }

    /// <summary>The time proven by a valid signature timestamp.</summary>
    public DateTimeOffset? TimestampTime { get; internal set; }

    public PadesLevel Level { get; internal set; }

    public SignatureCoverage? Coverage { get; internal set; }

    public ModificationVerdict ModificationVerdict { get; internal set; }

    public IReadOnlyList<Modification> Modifications => _modifications;

    /// <summary>DocMDP permission (1-3) when this is a certification signature, else 0.</summary>
    public int DocMdpPermission { get; internal set; }

    public string? DigestAlgorithm { get; internal set; }

    public string? SignatureAlgorithm { get; internal set; }

    public string? SubFilter { get; internal set; }

    /// <summary>Passed, and no later revision made a disallowed change.</summary>
    public bool IsAcceptable => Indication == Indication.TotalPassed && ModificationVerdict != ModificationVerdict.Disallowed;

    internal bool HasVerdict => Indication != Indication.TotalPassed;

    /// <summary>Records the first failure; later ones are kept as errors only.</summary>
    internal void Fail(Indication indication, SubIndication subIndication, string error)
    {
        _errors.Add(error);
        if (!HasVerdict)
        {
            Indication = indication;
            SubIndication = subIndication;
        }
    }

    internal void Warn(string warning) => _warnings.Add(warning);

    internal void AddModification(Modification modification) => _modifications.Add(modification);
}
