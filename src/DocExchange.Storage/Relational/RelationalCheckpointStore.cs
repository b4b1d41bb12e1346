using System.Data.Common;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Trail;

namespace DocExchange.Storage.Relational;

/// <summary>
/// Signed checkpoints (table audit_checkpoints). Refuses a second root for a tree size already signed, checking and
/// inserting as one writer at a time (see <see cref="SqlDialect.LockCheckpoints"/>).
/// </summary>
public sealed class RelationalCheckpointStore : ICheckpointStore
{
    private readonly IRelationalDatabase _db;

    internal RelationalCheckpointStore(IRelationalDatabase db) => _db = db;

    public Task SaveAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var claimed = checkpoint.Checkpoint;
        return _db.WriteAsync(async s =>
        {
            var batch = new StatementBatch();
            if (_db.Sql.Dialect.LockCheckpoints is { } lockCheckpoints) batch.Discard(lockCheckpoints);
            var roots = batch.Query(RelationalSql.SelectCheckpointRootsOfSize, r => (byte[])r.GetValue(0), ("size", claimed.TreeSize));
            await s.RunAsync(batch).ConfigureAwait(false);
            if (roots.FirstOrDefault(r => !r.AsSpan().SequenceEqual(claimed.RootHash)) is { } other)
            {
                throw new AuditIntegrityException(
                    $"Fork: a checkpoint of {claimed.TreeSize} leaves with root {Convert.ToBase64String(other)} was already signed; refusing one with root {Convert.ToBase64String(claimed.RootHash)}.");
            }
            await s.ExecuteAsync(RelationalSql.InsertCheckpoint,
                ("size", claimed.TreeSize), ("root", claimed.RootHash), ("at", StoredRows.Ticks(claimed.Time)),
                ("body", checkpoint.Body), ("signature", checkpoint.Signature), ("keyId", checkpoint.KeyId), ("token", checkpoint.TimestampToken)).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken);
    }

    public Task<SignedCheckpoint?> GetLatestAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await s.QueryAsync(RelationalSql.SelectLatestCheckpoint, Read).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<SignedCheckpoint?> FindAsync(long treeSize, CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await s.QueryAsync(RelationalSql.SelectCheckpointOfSize, Read, ("size", treeSize)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    private static SignedCheckpoint? Read(DbDataReader r)
    {
        var body = (byte[])r.GetValue(0);
        if (!Checkpoint.TryParseBody(body, out var checkpoint, out string? error))
        {
            throw new AuditIntegrityException($"A stored checkpoint's body is not a valid checkpoint: {error}");
        }
        return new SignedCheckpoint(checkpoint, body, (byte[])r.GetValue(1), (byte[])r.GetValue(2), r.IsDBNull(3) ? null : (byte[])r.GetValue(3));
    }
}
