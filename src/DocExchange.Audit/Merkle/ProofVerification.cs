namespace DocExchange.Audit.Merkle;

/// <summary>Outcome of checking a proof: valid, or invalid with a reason a person can act on.</summary>
public readonly record struct ProofVerification(bool IsValid, string? FailureReason)
{
    public static ProofVerification Valid => new(true, null);

    public static ProofVerification Invalid(string reason) => new(false, reason);
}
