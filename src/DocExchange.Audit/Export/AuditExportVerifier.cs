using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Merkle;

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
            return new AuditVerificationReport(checks, leaves.FirstBad?.Position, leaves.FirstBad?.Reason, signed.Checkpoint, leaves.Count);
        }
        catch (InvalidDataException e)
        {
            checks.Add(new AuditCheck("export.lines", false, e.Message));
            return new AuditVerificationReport(checks, null, null, null, 0);
        }
    }

    private static async Task<LeafScan> CheckLeavesAsync(LineReader reader, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        var tree = new MerkleTreeBuilder();
        byte[] leafHash = new byte[MerkleHasher.HashSize];
        Finding? encoding = null, sequence = null, inclusion = null, missingProof = null, firstBad = null;
        long sequenceMismatches = 0, proofsChecked = 0, proofsFailed = 0;
        long position = 0;
        while (true)
        {
            var maybeLine = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (maybeLine is null)
            {
                break;
            }
            var line = maybeLine.Value;
            ReadOnlyMemory<byte> leaf;
            IReadOnlyList<byte[]>? proof = null;
            if (ExportLeafLine.TryParse(line, out var parsed, out string? lineError))
            {
                leaf = parsed.Leaf;
                proof = parsed.Inclusion;
            }
            else
            {
                // Keep positions aligned: the unreadable line still counts as a leaf.
                leaf = line;
                encoding ??= new Finding(position, $"Line {position + 2} (leaf {position}): {lineError}");
            }
            MerkleHasher.HashLeaf(leaf.Span, leafHash);
            tree.AppendLeafHash(leafHash);

            if (parsed is not null)
            {
                if (!AuditEventEncoding.TryDecode(leaf.Span, out var auditEvent, out string? eventError))
                {
                    encoding ??= new Finding(position, $"Leaf {position} is not a canonical audit event: {eventError}");
                }
                else if (auditEvent.Sequence != position)
                {
                    sequenceMismatches++;
                    sequence ??= new Finding(position, $"Leaf {position} has sequence {auditEvent.Sequence}: an event was deleted, inserted or moved here.");
                }
            }
            if (proof is null && parsed is not null)
            {
                missingProof ??= new Finding(position, $"Leaf {position} has no inclusion proof although the export carries them: it may have been inserted.");
            }
            if (proof is not null && position < checkpoint.TreeSize)
            {
                proofsChecked++;
                var verification = MerkleProofVerifier.VerifyInclusion(new InclusionProof(position, checkpoint.TreeSize, proof), leafHash, checkpoint.RootHash);
                if (!verification.IsValid)
                {
                    proofsFailed++;
                    inclusion ??= new Finding(position, $"Leaf {position} is not the leaf the checkpoint committed to: {verification.FailureReason}");
                }
            }
            position++;
        }
        long count = position;

        var checks = new List<AuditCheck>
        {
            encoding is null
                ? new AuditCheck("leaves.encoding", true, $"All {count} leaves are canonical audit events.")
                : new AuditCheck("leaves.encoding", false, encoding.Reason),
            sequence is null
                ? new AuditCheck("leaves.sequence", true, "Every event's sequence equals its position.")
                : new AuditCheck("leaves.sequence", false, $"{sequence.Reason} ({sequenceMismatches} leaves in all have a sequence other than their position.)"),
        };

        Finding? countFinding = null;
        if (count == checkpoint.TreeSize)
        {
            checks.Add(new AuditCheck("leaves.count", true, $"The export has the {count} leaves of the checkpoint."));
        }
        else
        {
            countFinding = count < checkpoint.TreeSize
                ? new Finding(count, $"The export ends after {count} leaves but the checkpoint covers {checkpoint.TreeSize}: leaf {count} onwards is missing.")
                : new Finding(checkpoint.TreeSize, $"The export has {count} leaves but the checkpoint covers only {checkpoint.TreeSize}: leaf {checkpoint.TreeSize} onwards is extra.");
            checks.Add(new AuditCheck("leaves.count", false, countFinding.Reason));
        }

        if (proofsChecked > 0)
        {
            inclusion = Earliest(inclusion, missingProof);
            checks.Add(inclusion is null
                ? new AuditCheck("leaves.inclusion", true, $"All {proofsChecked} inclusion proofs lead to the checkpoint root.")
                : new AuditCheck("leaves.inclusion", false, $"{inclusion.Reason} ({proofsFailed} of {proofsChecked} inclusion proofs fail; {count - proofsChecked} leaves have none.)"));
        }

        foreach (var finding in new[] { encoding, sequence, countFinding, inclusion })
        {
            if (finding is not null && (firstBad is null || finding.Position < firstBad.Position))
            {
                firstBad = finding;
            }
        }

        byte[] root = tree.ComputeRoot();
        if (count == checkpoint.TreeSize && root.AsSpan().SequenceEqual(checkpoint.RootHash))
        {
            checks.Add(new AuditCheck("tree.root", true, $"The recomputed root of {count} leaves equals the checkpoint root {Convert.ToBase64String(root)}."));
        }
        else
        {
            string where = firstBad is not null
                ? $" The first bad position is leaf {firstBad.Position}."
                : proofsChecked == count
                    ? ""
                    : " The export carries no inclusion proofs for every leaf, so a changed leaf cannot be located; export again with proofs to find it.";
            checks.Add(new AuditCheck("tree.root", false, $"The recomputed root of {count} leaves ({Convert.ToBase64String(root)}) differs from the checkpoint root of size {checkpoint.TreeSize} ({Convert.ToBase64String(checkpoint.RootHash)}).{where}"));
        }
        return new LeafScan(checks, firstBad, count);
    }

    private static Finding? Earliest(Finding? a, Finding? b) =>
        a is null ? b : b is null ? a : a.Position <= b.Position ? a : b;

    private sealed record Finding(long Position, string Reason);

    private sealed record LeafScan(IReadOnlyList<AuditCheck> Checks, Finding? FirstBad, long Count);
}
