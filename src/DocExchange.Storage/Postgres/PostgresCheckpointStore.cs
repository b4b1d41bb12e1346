using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Trail;
using Npgsql;

namespace DocExchange.Storage.Postgres;

/// <summary>
/// Signed checkpoints in PostgreSQL (table audit_checkpoints). Refuses a second root for a tree size already signed,
/// checking and inserting under an advisory lock so that two instances cannot both store one.
/// </summary>
public sealed class PostgresCheckpointStore : ICheckpointStore
{
    private readonly PostgresDatabase _db;

    internal PostgresCheckpointStore(PostgresDatabase db) => _db = db;

    public Task SaveAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var claimed = checkpoint.Checkpoint;
        return _db.WriteAsync(async s =>
        {
            await s.ExecuteAsync(PostgresSql.LockCheckpoints).ConfigureAwait(false);
            var roots = await s.QueryAsync(PostgresSql.SelectCheckpointRootsOfSize, r => r.GetFieldValue<byte[]>(0), ("size", claimed.TreeSize))
                .ConfigureAwait(false);
            if (roots.FirstOrDefault(r => !r.AsSpan().SequenceEqual(claimed.RootHash)) is { } other)
            {
                throw new AuditIntegrityException(
                    $"Fork: a checkpoint of {claimed.TreeSize} leaves with root {Convert.ToBase64String(other)} was already signed; refusing one with root {Convert.ToBase64String(claimed.RootHash)}.");
            }
            await s.ExecuteAsync(PostgresSql.InsertCheckpoint,
                ("size", claimed.TreeSize), ("root", claimed.RootHash), ("at", PostgresRows.Ticks(claimed.Time)),
                ("body", checkpoint.Body), ("signature", checkpoint.Signature), ("keyId", checkpoint.KeyId), ("token", checkpoint.TimestampToken)).ConfigureAwait(false);
            return (true, 0);
        }, cancellationToken);
    }

    public Task<SignedCheckpoint?> GetLatestAsync(CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await s.QueryAsync(PostgresSql.SelectLatestCheckpoint, Read).ConfigureAwait(false)).FirstOrDefault(), cancellationToken);

    public Task<SignedCheckpoint?> FindAsync(long treeSize, CancellationToken cancellationToken) =>
        _db.ReadAsync(async s => (await s.QueryAsync(PostgresSql.SelectCheckpointOfSize, Read, ("size", treeSize)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    private static SignedCheckpoint? Read(NpgsqlDataReader r)
    {
        var body = r.GetFieldValue<byte[]>(0);
        if (!Checkpoint.TryParseBody(body, out var checkpoint, out string? error))
        {
            throw new AuditIntegrityException($"A stored checkpoint's body is not a valid checkpoint: {error}");
        }
        return new SignedCheckpoint(checkpoint, body, r.GetFieldValue<byte[]>(1), r.GetFieldValue<byte[]>(2), r.IsDBNull(3) ? null : r.GetFieldValue<byte[]>(3));
    }
}
