using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using DocExchange.Core.Auditing;
using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Audit.Trail;

/// <summary>
/// The audit trail assembled over one engine's stores: the integrator, the checkpoint service and the query side,
/// sharing one Merkle log and one signing key. The server opens it at start-up and runs <see cref="RunAsync"/> in the
/// background; the gRPC Audit service calls <see cref="Trail"/> and <see cref="Checkpoints"/>.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly AuditSigningKey _key;

    private AuditLog(AuditSigningKey key, MerkleLog log, AuditLogIntegrator integrator, CheckpointService checkpoints, AuditTrail trail)
    {
        _key = key;
        Log = log;
        Integrator = integrator;
        Checkpoints = checkpoints;
        Trail = trail;
    }

    public MerkleLog Log { get; }

    public AuditLogIntegrator Integrator { get; }

    public CheckpointService Checkpoints { get; }

    public AuditTrail Trail { get; }

    /// <summary>SHA-256 of the checkpoint key's SubjectPublicKeyInfo.</summary>
    public byte[] KeyId => _key.KeyId.ToArray();

    /// <summary>
    /// Loads (or creates) the encrypted checkpoint key named by <paramref name="options"/> (relative paths under
    /// <paramref name="dataDirectory"/>), records that as an audit event, and integrates every event committed so far,
    /// catching up after a crash.
    /// </summary>
    /// <exception cref="AuditKeyException">The key file cannot be used (no password, a wrong one, not an encrypted P-256 key).</exception>
    public static async Task<AuditLog> OpenAsync(
        IAuditEventStore events, IMerkleNodeStore nodes, ICheckpointStore checkpoints, AuditOptions options, string dataDirectory,
        IChangeNotifier? notifier, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        string keyPath = Path.Combine(dataDirectory, options.KeyPath);
        var key = await AuditKeyFile.LoadOrCreateAsync(keyPath, options.KeyPassword, cancellationToken).ConfigureAwait(false);
        try
        {
            var log = new MerkleLog(nodes);
            var integrator = new AuditLogIntegrator(events, log, options, notifier);
            var checkpointService = new CheckpointService(log, checkpoints, new CheckpointSigner(key.Key), integrator, time, options);
            var trail = new AuditTrail(events, log, checkpointService, checkpoints, notifier);
            await trail.RecordAsync(AuditEventRecord.Simple(time.GetUtcNow(), ExchangeActor.Server,
                key.Created ? AuditActions.AuditKeyCreated : AuditActions.AuditKeyLoaded, AuditActions.OutcomeOk,
                $"keyId={Convert.ToHexStringLower(key.KeyId)}"), cancellationToken).ConfigureAwait(false);
            await integrator.IntegrateAsync(cancellationToken).ConfigureAwait(false);
            return new AuditLog(key, log, integrator, checkpointService, trail);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Runs the integrator and the periodic checkpoint signer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Integrator.RunAsync(cancellationToken), Checkpoints.RunAsync(cancellationToken));

    public void Dispose() => _key.Dispose();
}
