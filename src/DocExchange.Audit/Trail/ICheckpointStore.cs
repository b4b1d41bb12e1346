using DocExchange.Audit.Checkpoints;

namespace DocExchange.Audit.Trail;

/// <summary>The signed checkpoints the server has published.</summary>
public interface ICheckpointStore
{
    /// <summary>Stores a checkpoint.</summary>
    /// <exception cref="AuditIntegrityException">A stored checkpoint has the same tree size and a different root (a fork); nothing is stored.</exception>
    Task SaveAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The checkpoint of the largest tree size (the newest of those), or null when none was signed.</summary>
    Task<SignedCheckpoint?> GetLatestAsync(CancellationToken cancellationToken);

    /// <summary>The newest checkpoint of exactly <paramref name="treeSize"/> leaves, or null.</summary>
    Task<SignedCheckpoint?> FindAsync(long treeSize, CancellationToken cancellationToken);
}
