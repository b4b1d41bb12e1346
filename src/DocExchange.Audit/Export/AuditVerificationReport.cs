using DocExchange.Audit.Checkpoints;

namespace DocExchange.Audit.Export;

/// <summary>
/// Result of verifying an export. <see cref="FirstBadPosition"/> is the lowest leaf index found wrong (changed,
/// missing, extra, out of order, or not an event), when one can be located; <see cref="FirstBadReason"/> says why.
/// </summary>
public sealed record AuditVerificationReport(
    IReadOnlyList<AuditCheck> Checks,
    long? FirstBadPosition,
    string? FirstBadReason,
    Checkpoint? Checkpoint,
    long LeafCount)
{
    /// <summary>True when every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
}
