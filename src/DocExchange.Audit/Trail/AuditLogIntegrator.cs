using DocExchange.Audit.Events;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Notifications;

namespace DocExchange.Audit.Trail;

/// <summary>
/// Appends committed audit events to the Merkle log, in sequence order and in batches, so that leaf index equals event
/// sequence. Events are committed with the changes they record; integrating them is a separate step, so a crash in
/// between only delays it: the next run starts from the log's size and catches up. Idempotent and safe to run in
/// several processes over one store (the node store's size check settles races).
/// </summary>
public sealed class AuditLogIntegrator
{
    private readonly IAuditEventStore _events;
    private readonly MerkleLog _log;
    private readonly IChangeNotifier? _notifier;
    private readonly int _batchSize;
    private readonly TimeSpan _pollInterval;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="notifier">Wakes <see cref="RunAsync"/> when events commit; without it (or for other processes' events) it polls.</param>
    public AuditLogIntegrator(IAuditEventStore events, MerkleLog log, AuditOptions? options = null, IChangeNotifier? notifier = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new AuditOptions();
        options.Validate();
        _events = events;
        _log = log;
        _notifier = notifier;
        _batchSize = options.IntegrationBatchSize;
        _pollInterval = options.IntegrationPollInterval;
    }

    private long _lastKnownTreeSize;

    /// <summary>The log's size as the last integration pass found or left it (0 before the first); read by the metrics.</summary>
    public long LastKnownTreeSize => Volatile.Read(ref _lastKnownTreeSize);

    /// <summary>Raised by <see cref="RunAsync"/> when a pass fails; the loop keeps going and retries.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Integrates every committed event not yet in the log; returns the log's size afterwards.</summary>
    /// <exception cref="AuditIntegrityException">An event is missing, out of sequence or not canonical; the log stops before it.</exception>
    public async Task<long> IntegrateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                long size = await _log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
                var leaves = await _events.ReadLeavesAsync(size, _batchSize, cancellationToken).ConfigureAwait(false);
                if (leaves.Count == 0)
                {
                    return Known(size);
                }
                var hashes = new List<byte[]>(leaves.Count);
                AuditIntegrityException? problem = null;
                foreach (var leaf in leaves)
                {
                    problem = Check(leaf, size + hashes.Count);
                    if (problem is not null)
                    {
                        break;
                    }
                    hashes.Add(MerkleHasher.HashLeaf(leaf.Leaf));
                }
                try
                {
                    // The good events before a bad one still enter the log, which then stops right before it.
                    if (hashes.Count > 0)
                    {
                        // At the size the events were read for: appended elsewhere meanwhile, they would land twice.
                        await _log.AppendLeafHashesAsync(size, hashes, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (MerkleStoreConflictException)
                {
                    // Another process integrated these first: read its new size and go on from there.
                    continue;
                }
                if (problem is not null)
                {
                    throw problem;
                }
                if (leaves.Count < _batchSize)
                {
                    return Known(size + leaves.Count);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private long Known(long size)
    {
        Volatile.Write(ref _lastKnownTreeSize, size);
        return size;
    }

    /// <summary>Integrates continuously until cancelled: on each commit notification, and at least every poll interval.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var signal = _notifier?.Subscribe(ChangeTopic.AuditLog);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await IntegrateAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Failed?.Invoke(e);
            }
            await WaitAsync(signal, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitAsync(IChangeSignal? signal, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_pollInterval);
        try
        {
            if (signal is null)
            {
                await Task.Delay(Timeout.Infinite, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await signal.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The poll interval passed, or the run was cancelled (the loop checks).
        }
    }

    private static AuditIntegrityException? Check(StoredAuditLeaf leaf, long expectedSequence)
    {
        if (leaf.Sequence != expectedSequence)
        {
            return new AuditIntegrityException(
                $"Audit event {expectedSequence} is missing: the next stored event has sequence {leaf.Sequence}. The Merkle log stops at {expectedSequence} leaves until the events table is repaired.");
        }
        if (!AuditEventEncoding.TryDecode(leaf.Leaf, out var decoded, out string? error))
        {
            return new AuditIntegrityException($"Audit event {expectedSequence} is not a canonical event ({error}); it cannot enter the Merkle log.");
        }
        if (decoded.Sequence != expectedSequence)
        {
            return new AuditIntegrityException($"Audit event stored at sequence {expectedSequence} says it is event {decoded.Sequence}; it cannot enter the Merkle log.");
        }
        return null;
    }
}
