using System.Text.Json.Serialization;

namespace DocExchange.Cli.Auditing;

/// <summary>
/// The outcome of <see cref="AuditTrailVerifier.VerifyAsync"/>: every check, and when the trail was tampered with, the
/// first bad leaf position and why. This is what <c>dx audit verify --json</c> prints.
/// </summary>
public sealed record AuditVerdict(
    IReadOnlyList<VerdictCheck> Checks,
    long? FirstBadPosition,
    string? FirstBadReason,
    IReadOnlyList<CheckpointSummary> Checkpoints,
    long? LeafCount)
{
    [JsonPropertyOrder(-1)]
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    /// <summary>What the verification could not establish, in plain words, so that a pass is not read as more than it is.</summary>
    public IReadOnlyList<string> NotChecked { get; init; } = [];
}
