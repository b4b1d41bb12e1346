using DocExchange.Audit.Checkpoints;

namespace DocExchange.Audit.Export;

/// <summary>
/// The auditor's offline check of an export against a trusted audit key: verifies the checkpoint signature and its
/// RFC 3161 timestamp token (when the export carries one, against the auditor's TSA trust anchors), decodes every
/// leaf, recomputes the whole tree and compares its root with the checkpoint's. When something is wrong it names the
/// first bad leaf position, from sequence numbers (deletions, insertions, reorders) and from per-leaf inclusion proofs
/// when the export carries them (changed leaves).
/// </summary>
public sealed class AuditExportVerifier
{
    private readonly CheckpointVerifier _trustedKey;
    private readonly CheckpointTimestampVerifier? _timestamps;
    private readonly bool _requireTimestamp;

    /// <param name="trustedKey">The log's audit key, obtained out of band.</param>
    /// <param name="timestamps">Checks the checkpoint's RFC 3161 token; null when the auditor gave no TSA trust anchor (a token is then reported as not checked).</param>
    /// <param name="requireTimestamp">Fail the "checkpoint.timestamp" check unless the checkpoint carries a token that verifies.</param>
    public AuditExportVerifier(CheckpointVerifier trustedKey, CheckpointTimestampVerifier? timestamps = null, bool requireTimestamp = false)
    {
        ArgumentNullException.ThrowIfNull(trustedKey);
        _trustedKey = trustedKey;
        _timestamps = timestamps;
        _requireTimestamp = requireTimestamp;
    }

    /// <summary>Verifies the export read from <paramref name="export"/> (read to its end, not closed).</summary>
    public async Task<AuditVerificationReport> VerifyAsync(Stream export, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        var checks = new List<AuditCheck>();
        var reader = new LineReader(export, AuditExportFormat.MaxLineBytes);
        try
        {
            var headerLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (headerLine is null)
            {
                checks.Add(new AuditCheck("export.header", false, "The export is empty: it has no header line."));
                return new AuditVerificationReport(checks, null, null, null, 0);
            }
            if (!ExportHeader.TryParse(headerLine.Value, out var signed, out string? headerError))
            {
                checks.Add(new AuditCheck("export.header", false, headerError));
                return new AuditVerificationReport(checks, null, null, null, 0);
            }
            checks.Add(new AuditCheck("export.header", true, $"Audit export version {AuditExportFormat.Version}."));

            var signature = _trustedKey.Verify(signed);
            checks.Add(signature.IsValid
                ? new AuditCheck("checkpoint.signature", true, $"Checkpoint of size {signed.Checkpoint.TreeSize} taken {AuditTime.ToText(signed.Checkpoint.Time)} is signed by the trusted audit key {Convert.ToHexStringLower(_trustedKey.KeyId)}.")
                : new AuditCheck("checkpoint.signature", false, signature.FailureReason!));
            checks.Add(CheckpointTimestampCheck.Check(signed, _timestamps, _requireTimestamp));

            var leaves = await CheckLeavesAsync(reader, signed.Checkpoint, cancellationToken).ConfigureAwait(false);
            checks.AddRange(leaves.Checks);
            return new AuditVerificationReport(checks, leaves.FirstBadPosition, leaves.FirstBadReason, signed.Checkpoint, leaves.Count);
        }
        catch (InvalidDataException e)
        {
            checks.Add(new AuditCheck("export.lines", false, e.Message));
            return new AuditVerificationReport(checks, null, null, null, 0);
        }
    }

    private static async Task<LeafSequenceResult> CheckLeavesAsync(LineReader reader, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var leaves = new LeafSequenceVerifier(checkpoint, "The export");
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (ExportLeafLine.TryParse(line, out var parsed, out string? lineError))
            {
                leaves.Add(parsed.Leaf.Span, parsed.Inclusion);
            }
            else
            {
                // Keep positions aligned: the unreadable line still counts as a leaf.
                leaves.AddUnreadable(line.Span, $"Line {leaves.Count + 2} (leaf {leaves.Count}): {lineError}");
            }
        }
        return leaves.Complete();
    }
}
