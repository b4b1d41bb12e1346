using System.Security.Cryptography;
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
    private readonly IDisposable? _ownedKey;

    private AuditLog(IDisposable? ownedKey, MerkleLog log, AuditLogIntegrator integrator, CheckpointService checkpoints, AuditTrail trail)
    {
        _ownedKey = ownedKey;
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
    public byte[] KeyId => Checkpoints.KeyId.ToArray();

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
            var auditLog = Assemble(events, nodes, checkpoints, key.Key, key, options, notifier, time);
            await auditLog.Trail.RecordAsync(AuditEventRecord.Simple(time.GetUtcNow(), ExchangeActor.Server,
                key.Created ? AuditActions.AuditKeyCreated : AuditActions.AuditKeyLoaded, AuditActions.OutcomeOk,
                $"keyId={Convert.ToHexStringLower(key.KeyId)}"), cancellationToken).ConfigureAwait(false);
            await auditLog.Integrator.IntegrateAsync(cancellationToken).ConfigureAwait(false);
            return auditLog;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The audit trail signing with <paramref name="signingKey"/> (a P-256 key the caller keeps and disposes, e.g. from
    /// an HSM or a test); integrates every event committed so far.
    /// </summary>
    public static async Task<AuditLog> OpenAsync(
        IAuditEventStore events, IMerkleNodeStore nodes, ICheckpointStore checkpoints, ECDsa signingKey, AuditOptions options,
        IChangeNotifier? notifier, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var auditLog = Assemble(events, nodes, checkpoints, signingKey, null, options, notifier, time);
        await auditLog.Integrator.IntegrateAsync(cancellationToken).ConfigureAwait(false);
        return auditLog;
    }

    private static AuditLog Assemble(
        IAuditEventStore events, IMerkleNodeStore nodes, ICheckpointStore checkpoints, ECDsa signingKey, IDisposable? ownedKey,
        AuditOptions options, IChangeNotifier? notifier, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(checkpoints);
        options.Validate();
        var log = new MerkleLog(nodes);
        var integrator = new AuditLogIntegrator(events, log, options, notifier);
        var checkpointService = new CheckpointService(log, checkpoints, new CheckpointSigner(signingKey), integrator, time, options);
        var trail = new AuditTrail(events, log, checkpointService, checkpoints, notifier);
        return new AuditLog(ownedKey, log, integrator, checkpointService, trail);
    }

    /// <summary>Runs the integrator and the periodic checkpoint signer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Integrator.RunAsync(cancellationToken), Checkpoints.RunAsync(cancellationToken));

    /// <summary>Disposes the key when it was loaded from the key file.</summary>
    public void Dispose() => _ownedKey?.Dispose();
}
