using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Export;

/// <summary>
/// Checks the leaves of a log, fed in order from position 0, against a checkpoint: each leaf decodes to a canonical
/// event whose sequence is its position, its hash (recomputed from its bytes) is proven by its inclusion proof when one
/// is given, there are exactly as many as the checkpoint's size, and the root recomputed from all of them is the
/// checkpoint's. Names the first bad position. The export verifier feeds it an export's lines; the online verifier the
/// server's answers.
/// </summary>
public sealed class LeafSequenceVerifier
{
    private readonly Checkpoint _checkpoint;
    private readonly string _source;
    private readonly MerkleTreeBuilder _tree = new();
    private readonly byte[] _leafHash = new byte[MerkleHasher.HashSize];
    private Finding? _encoding, _sequence, _inclusion, _missingProof;
    private long _sequenceMismatches, _proofsChecked, _proofsFailed;
    private long _position;

    /// <param name="checkpoint">The checkpoint the leaves must make up (its signature is checked elsewhere).</param>
    /// <param name="source">What the leaves come from, as the start of a sentence: "The export", "The server's answer".</param>
    public LeafSequenceVerifier(Checkpoint checkpoint, string source)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(source);
        _checkpoint = checkpoint;
        _source = source;
    }

    /// <summary>How many leaves were fed.</summary>
    public long Count => _position;

    /// <summary>
    /// Feeds the leaf at the next position with its audit path in the checkpoint's tree (null when it came without
    /// one); returns the event it decodes to, or null when it is not a canonical event.
    /// </summary>
    public AuditEvent? Add(ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]>? inclusion)
    {
        long position = _position++;
        MerkleHasher.HashLeaf(leaf, _leafHash);
        _tree.AppendLeafHash(_leafHash);
        AuditEvent? decoded = null;
        if (!AuditEventEncoding.TryDecode(leaf, out var auditEvent, out string? eventError))
        {
            _encoding ??= new Finding(position, $"Leaf {position} is not a canonical audit event: {eventError}");
        }
        else
        {
            decoded = auditEvent;
            if (auditEvent.Sequence != position)
            {
                _sequenceMismatches++;
                _sequence ??= new Finding(position, $"Leaf {position} has sequence {auditEvent.Sequence}: an event was deleted, inserted or moved here.");
            }
        }
        if (inclusion is null)
        {
            _missingProof ??= new Finding(position, $"Leaf {position} has no inclusion proof although the others carry one: it may have been inserted.");
        }
        else if (position < _checkpoint.TreeSize)
        {
            _proofsChecked++;
            var verification = MerkleProofVerifier.VerifyInclusion(new InclusionProof(position, _checkpoint.TreeSize, inclusion), _leafHash, _checkpoint.RootHash);
            if (!verification.IsValid)
            {
                _proofsFailed++;
                _inclusion ??= new Finding(position, $"Leaf {position} is not the leaf the checkpoint committed to: {verification.FailureReason}");
            }
        }
        return decoded;
    }

    /// <summary>Feeds a position whose line could not even be read as a leaf: its raw bytes still count, so later positions stay aligned.</summary>
    public void AddUnreadable(ReadOnlySpan<byte> raw, string reason)
    {
        long position = _position++;
        MerkleHasher.HashLeaf(raw, _leafHash);
        _tree.AppendLeafHash(_leafHash);
        _encoding ??= new Finding(position, reason);
    }

    /// <summary>The checks over everything fed: leaves.encoding, leaves.sequence, leaves.count, leaves.inclusion (when proofs came), tree.root.</summary>
    public LeafSequenceResult Complete()
    {
        long count = _position;
        var checks = new List<AuditCheck>
        {
            _encoding is null
                ? new AuditCheck("leaves.encoding", true, $"All {count} leaves are canonical audit events.")
                : new AuditCheck("leaves.encoding", false, _encoding.Reason),
            _sequence is null
                ? new AuditCheck("leaves.sequence", true, "Every event's sequence equals its position.")
                : new AuditCheck("leaves.sequence", false, $"{_sequence.Reason} ({_sequenceMismatches} leaves in all have a sequence other than their position.)"),
        };

        Finding? countFinding = null;
        if (count == _checkpoint.TreeSize)
        {
            checks.Add(new AuditCheck("leaves.count", true, $"{_source} has the {count} leaves of the checkpoint."));
        }
        else
        {
            countFinding = count < _checkpoint.TreeSize
                ? new Finding(count, $"{_source} ends after {count} leaves but the checkpoint covers {_checkpoint.TreeSize}: leaf {count} onwards is missing.")
                : new Finding(_checkpoint.TreeSize, $"{_source} has {count} leaves but the checkpoint covers only {_checkpoint.TreeSize}: leaf {_checkpoint.TreeSize} onwards is extra.");
            checks.Add(new AuditCheck("leaves.count", false, countFinding.Reason));
        }

        Finding? inclusion = null;
        if (_proofsChecked > 0)
        {
            inclusion = Earliest(_inclusion, _missingProof);
            checks.Add(inclusion is null
                ? new AuditCheck("leaves.inclusion", true, $"All {_proofsChecked} inclusion proofs lead from the leaf hash recomputed from each leaf's bytes to the checkpoint root.")
                : new AuditCheck("leaves.inclusion", false, $"{inclusion.Reason} ({_proofsFailed} of {_proofsChecked} inclusion proofs fail; {count - _proofsChecked} leaves have none.)"));
        }

        Finding? firstBad = null;
        foreach (var finding in new[] { _encoding, _sequence, countFinding, inclusion })
        {
            if (finding is not null && (firstBad is null || finding.Position < firstBad.Position))
            {
                firstBad = finding;
            }
        }

        byte[] root = _tree.ComputeRoot();
        if (count == _checkpoint.TreeSize && root.AsSpan().SequenceEqual(_checkpoint.RootHash))
        {
            checks.Add(new AuditCheck("tree.root", true, $"The recomputed root of {count} leaves equals the checkpoint root {Convert.ToBase64String(root)}."));
        }
        else
        {
            string where = firstBad is not null
                ? $" The first bad position is leaf {firstBad.Position}."
                : _proofsChecked == count
                    ? ""
                    : $" {_source} does not carry an inclusion proof for every leaf, so a changed leaf cannot be located; get one with proofs to find it.";
            checks.Add(new AuditCheck("tree.root", false, $"The recomputed root of {count} leaves ({Convert.ToBase64String(root)}) differs from the checkpoint root of size {_checkpoint.TreeSize} ({Convert.ToBase64String(_checkpoint.RootHash)}).{where}"));
        }
        return new LeafSequenceResult(checks, firstBad?.Position, firstBad?.Reason, count);
    }

    private static Finding? Earliest(Finding? a, Finding? b) =>
        a is null ? b : b is null ? a : a.Position <= b.Position ? a : b;

    private sealed record Finding(long Position, string Reason);
}

/// <summary>What <see cref="LeafSequenceVerifier.Complete"/> found: its checks, the first bad position and why, and how many leaves came.</summary>
public sealed record LeafSequenceResult(IReadOnlyList<AuditCheck> Checks, long? FirstBadPosition, string? FirstBadReason, long Count);
