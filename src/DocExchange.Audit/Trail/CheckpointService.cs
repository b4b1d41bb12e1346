using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Trail;

/// <summary>
/// Signs the Merkle log's head: on demand and, in <see cref="RunAsync"/>, at an interval when the log has grown.
/// Before signing it checks that the log still has the root of the latest stored checkpoint at that size, so a log
/// whose nodes were altered is never signed again.
/// </summary>
public sealed class CheckpointService
{
    private readonly MerkleLog _log;
    private readonly ICheckpointStore _checkpoints;
    private readonly CheckpointSigner _signer;
    private readonly AuditLogIntegrator _integrator;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ICheckpointTimestamper? _timestamper;

    public CheckpointService(
        MerkleLog log, ICheckpointStore checkpoints, CheckpointSigner signer, AuditLogIntegrator integrator, TimeProvider time, AuditOptions? options = null,
        ICheckpointTimestamper? timestamper = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(integrator);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new AuditOptions();
        options.Validate();
        _log = log;
        _checkpoints = checkpoints;
        _signer = signer;
        _integrator = integrator;
        _time = time;
        _interval = options.CheckpointInterval;
        _timestamper = timestamper;
    }

    /// <summary>
    /// When set, every checkpoint signed from then on carries an RFC 3161 token over SHA-256 of its body. The server
    /// sets it once at start-up, before the periodic signer runs (its TSA is built after the audit log is opened).
    /// </summary>
    public ICheckpointTimestamper? Timestamper
    {
        get => _timestamper;
        set => _timestamper = value;
    }

    /// <summary>DER SubjectPublicKeyInfo of the signing key.</summary>
    public byte[] PublicKey => _signer.PublicKey;

    /// <summary>SHA-256 of <see cref="PublicKey"/>.</summary>
    public byte[] KeyId => _signer.KeyId;

    /// <summary>Raised by <see cref="RunAsync"/> when signing fails; the loop keeps going.</summary>
    public event Action<Exception>? Failed;

    /// <summary>The latest stored checkpoint, or null when none was signed yet.</summary>
    public Task<SignedCheckpoint?> GetLatestAsync(CancellationToken cancellationToken) => _checkpoints.GetLatestAsync(cancellationToken);

    /// <summary>The latest checkpoint; a new one when <paramref name="fresh"/> or when none exists yet.</summary>
    public async Task<SignedCheckpoint> GetCheckpointAsync(bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && await _checkpoints.GetLatestAsync(cancellationToken).ConfigureAwait(false) is { } latest)
        {
            return latest;
        }
        return await SignNowAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Integrates every committed event, then signs and stores the current head.</summary>
    /// <exception cref="AuditIntegrityException">The log contradicts the latest checkpoint, or an event cannot be integrated.</exception>
    public async Task<SignedCheckpoint> SignNowAsync(CancellationToken cancellationToken)
    {
        await _integrator.IntegrateAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The latest checkpoint before the size: another process sharing the store may integrate and sign in
            // between, and a checkpoint read after the size could then be larger than it without anything being lost.
            var latest = await _checkpoints.GetLatestAsync(cancellationToken).ConfigureAwait(false);
            long size = await _log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
            byte[] root = await _log.GetRootAsync(size, cancellationToken).ConfigureAwait(false);
            if (latest is not null)
            {
                await RequireMatchesAsync(latest, size, cancellationToken).ConfigureAwait(false);
            }
            var signed = _signer.Sign(new Checkpoint(size, root, _time.GetUtcNow()));
            if (_timestamper is { } timestamper)
            {
                // The token anchors the signed body, so it is obtained after signing and stored with it.
                byte[] token = await timestamper.TimestampAsync(SHA256.HashData(signed.Body), cancellationToken).ConfigureAwait(false);
                signed = signed with { TimestampToken = token };
            }
            await _checkpoints.SaveAsync(signed, cancellationToken).ConfigureAwait(false);
            return signed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Judges a checkpoint someone was shown against this log: its signature with this key, then its root against the
    /// root this log has at its size. Forked when they differ.
    /// </summary>
    public async Task<ForkCheck> CheckAgainstLogAsync(SignedCheckpoint claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(_signer.PublicKey);
        var verification = verifier.Verify(claimed);
        if (!verification.IsValid)
        {
            return new ForkCheck(ForkStatus.Forked, $"The checkpoint is not one of this log's: {verification.FailureReason}");
        }
        var checkpoint = verification.Checkpoint!;
        long size = await _log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
        if (checkpoint.TreeSize > size)
        {
            return new ForkCheck(ForkStatus.Forked,
                $"Fork: the checkpoint claims {checkpoint.TreeSize} leaves, but this log has only {size}: it was signed over a history this log does not have.");
        }
        byte[] root = await _log.GetRootAsync(checkpoint.TreeSize, cancellationToken).ConfigureAwait(false);
        return CheckpointForkDetector.Compare(checkpoint, new Checkpoint(checkpoint.TreeSize, root, _time.GetUtcNow()), null);
    }

    /// <summary>Signs a checkpoint every interval in which the log grew (and once at start when it has none), until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                long size = await _integrator.IntegrateAsync(cancellationToken).ConfigureAwait(false);
                var latest = await _checkpoints.GetLatestAsync(cancellationToken).ConfigureAwait(false);
                if (latest is null || latest.Checkpoint.TreeSize != size)
                {
                    await SignNowAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Failed?.Invoke(e);
            }
            try
            {
                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RequireMatchesAsync(SignedCheckpoint latest, long size, CancellationToken cancellationToken)
    {
        var earlier = latest.Checkpoint;
        if (earlier.TreeSize > size)
        {
            throw new AuditIntegrityException(
                $"The Merkle log has {size} leaves but a checkpoint of {earlier.TreeSize} leaves was signed at {AuditTime.ToText(earlier.Time)}: the log lost leaves. Nothing is signed until an operator investigates.");
        }
        byte[] root = await _log.GetRootAsync(earlier.TreeSize, cancellationToken).ConfigureAwait(false);
        if (!root.AsSpan().SequenceEqual(earlier.RootHash))
        {
            throw new AuditIntegrityException(
                $"The Merkle log's root at size {earlier.TreeSize} is {Convert.ToBase64String(root)}, but the checkpoint signed at {AuditTime.ToText(earlier.Time)} says {Convert.ToBase64String(earlier.RootHash)}: stored nodes were altered. Nothing is signed until an operator investigates.");
        }
    }
}
