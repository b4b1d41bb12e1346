namespace DocExchange.Signing.Policy;

/// <summary>The outcome of a signature policy (mirrors docexchange.v1.PolicyResult).</summary>
/// <param name="Policy">The policy's name, e.g. "nd30-2020-art5/required".</param>
/// <param name="Reasons">Why it is not satisfied (what is missing or wrong); empty when satisfied.</param>
public sealed record PolicyResult(string Policy, bool Satisfied, IReadOnlyList<string> Reasons);
