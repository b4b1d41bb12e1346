using System.Security.Cryptography;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using DocExchange.Audit.Trail;
using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;
using DocExchange.Storage.Postgres;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Two server instances on one PostgreSQL database share one audit trail: one order of events, one Merkle tree (their
/// integrators race and the size check settles it), and checkpoints that never fork when both sign with the shared key.
/// </summary>
public sealed class PostgresAuditSharingTests : IAsyncLifetime
{
    private const int CommitsPerInstance = 20;
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero));
    private readonly string _keyDirectory = Path.Combine(Path.GetTempPath(), "dx-storage-tests", Guid.NewGuid().ToString("N"));
    private PostgresStorageUnderTest _storage = null!;
    private PostgresStorage _second = null!;

    private PostgresStorage First => _storage.Storage;

    public async Task InitializeAsync()
    {
        _storage = await PostgresStorageUnderTest.CreateAsync();
        _second = await _storage.OpenInstanceAsync();
        foreach (var code in new[] { Sender, Finance })
        {
            await First.Store.TryInsertAgencyAsync(Records.Agency(code), Records.Audit("operator", "agency.register"), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _storage.DisposeAsync();
        _key.Dispose();
        if (Directory.Exists(_keyDirectory)) Directory.Delete(_keyDirectory, recursive: true);
    }

    /// <summary>Sends committed through both instances at once.</summary>
    private Task CommitOnBothAsync(string prefix) => Task.WhenAll(new[] { First, _second }.Select((instance, n) => Task.Run(async () =>
    {
        for (var i = 0; i < CommitsPerInstance; i++)
        {
            var id = $"{prefix}-{n}-{i}";
            await instance.Store.CommitSendAsync(Records.Document(Sender, id, [Finance]), Records.Audit(Sender.Value, "document.send", id), [], CancellationToken.None);
        }
    })));

    private async Task<byte[]> RootOfStoredLeavesAsync()
    {
        var builder = new MerkleTreeBuilder();
        foreach (var leaf in await First.AuditEvents.ReadLeavesAsync(0, 10_000, CancellationToken.None)) builder.AppendLeaf(leaf.Leaf);
        return builder.ComputeRoot();
    }

    [Fact]
    public async Task A_merkle_append_from_a_stale_size_writes_nothing_and_reports_the_conflict()
    {
        byte[] first = SHA256.HashData("first"u8), second = SHA256.HashData("second"u8);
        await First.MerkleNodes.AppendAsync(0, 1, [new MerkleNode(new MerkleNodeId(0, 0), first)], CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<MerkleStoreConflictException>(async () =>
            await _second.MerkleNodes.AppendAsync(0, 1, [new MerkleNode(new MerkleNodeId(0, 0), second)], CancellationToken.None));

        Assert.Equal((0L, 1L), (conflict.ExpectedTreeSize, conflict.ActualTreeSize));
        Assert.Equal(1, await _second.MerkleNodes.GetTreeSizeAsync(CancellationToken.None));
        Assert.Equal(first, Assert.Single(await _second.MerkleNodes.ReadNodesAsync([new MerkleNodeId(0, 0)], CancellationToken.None)));
    }

    [Fact]
    public async Task Of_two_instances_appending_the_same_size_at_once_exactly_one_succeeds()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var appends = new[] { First, _second }.Select(async (instance, n) =>
        {
            await start.Task;
            try
            {
                await instance.MerkleNodes.AppendAsync(0, 1, [new MerkleNode(new MerkleNodeId(0, 0), SHA256.HashData([(byte)n]))], CancellationToken.None);
                return true;
            }
            catch (MerkleStoreConflictException)
            {
                return false;
            }
        }).ToList();
        start.SetResult();

        var succeeded = await Task.WhenAll(appends);

        Assert.Single(succeeded, s => s);
        Assert.Equal(1, await First.MerkleNodes.GetTreeSizeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Integrators_racing_on_two_instances_build_one_tree_of_every_event_in_sequence_order()
    {
        using var firstLog = await First.OpenAuditLogAsync(_key, new AuditOptions { IntegrationBatchSize = 4 }, _clock, CancellationToken.None);
        using var secondLog = await _second.OpenAuditLogAsync(_key, new AuditOptions { IntegrationBatchSize = 4 }, _clock, CancellationToken.None);
        var writing = CommitOnBothAsync("m");
        var integrating = new[] { firstLog, secondLog }.Select(log => Task.Run(async () =>
        {
            while (!writing.IsCompleted) await log.Integrator.IntegrateAsync(CancellationToken.None);
        })).ToList();
        await writing;
        await Task.WhenAll(integrating);

        long firstSize = await firstLog.Integrator.IntegrateAsync(CancellationToken.None);
        long secondSize = await secondLog.Integrator.IntegrateAsync(CancellationToken.None);

        long events = await First.AuditEvents.GetNextSequenceAsync(CancellationToken.None);
        Assert.Equal(2 + 2 * CommitsPerInstance, events);
        Assert.Equal((events, events), (firstSize, secondSize));
        byte[] expected = await RootOfStoredLeavesAsync();
        Assert.Equal(expected, await firstLog.Log.GetRootAsync(events, CancellationToken.None));
        Assert.Equal(expected, await secondLog.Log.GetRootAsync(events, CancellationToken.None));
    }

    [Fact]
    public async Task Checkpoints_signed_on_two_instances_while_both_commit_verify_and_are_consistent_with_each_other()
    {
        using var firstLog = await First.OpenAuditLogAsync(_key, new AuditOptions(), _clock, CancellationToken.None);
        using var secondLog = await _second.OpenAuditLogAsync(_key, new AuditOptions(), _clock, CancellationToken.None);
        var writing = CommitOnBothAsync("m");
        var signing = new[] { firstLog, secondLog }.Select(log => Task.Run(async () =>
        {
            var signed = new List<SignedCheckpoint>();
            while (!writing.IsCompleted) signed.Add(await log.Checkpoints.SignNowAsync(CancellationToken.None));
            signed.Add(await log.Checkpoints.SignNowAsync(CancellationToken.None));
            return signed;
        })).ToList();
        await writing;
        var checkpoints = (await Task.WhenAll(signing)).SelectMany(s => s).ToList();

        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(_key.ExportSubjectPublicKeyInfo());
        Assert.All(checkpoints, c => Assert.True(verifier.Verify(c).IsValid));
        var latest = checkpoints.MaxBy(c => c.Checkpoint.TreeSize)!.Checkpoint;
        Assert.Equal(2 + 2 * CommitsPerInstance, latest.TreeSize);
        Assert.Equal(await RootOfStoredLeavesAsync(), latest.RootHash);
        foreach (var checkpoint in checkpoints)
        {
            var proof = await secondLog.Trail.GetConsistencyProofAsync(checkpoint.Checkpoint.TreeSize, latest.TreeSize, CancellationToken.None);
            Assert.Equal(ForkStatus.Consistent, CheckpointForkDetector.Compare(checkpoint.Checkpoint, latest, proof).Status);
            Assert.Equal(ForkStatus.Consistent, (await firstLog.Checkpoints.CheckAgainstLogAsync(checkpoint, CancellationToken.None)).Status);
        }
    }

    [Fact]
    public async Task An_instance_with_another_audit_key_than_the_stored_checkpoints_is_refused_and_one_with_the_shared_key_file_opens()
    {
        var shared = new AuditOptions { KeyPath = Path.Combine(_keyDirectory, "shared", "audit-key.pem"), KeyPassword = "shared secret" };
        using (var firstLog = await First.OpenAuditLogAsync(shared, Path.Combine(_keyDirectory, "first"), _clock, CancellationToken.None))
        {
            await firstLog.Checkpoints.SignNowAsync(CancellationToken.None);
        }

        var own = new AuditOptions { KeyPassword = "shared secret" };
        var refused = await Assert.ThrowsAsync<AuditKeyException>(() => _second.OpenAuditLogAsync(own, Path.Combine(_keyDirectory, "second"), _clock, CancellationToken.None));
        using var secondLog = await _second.OpenAuditLogAsync(shared, Path.Combine(_keyDirectory, "second"), _clock, CancellationToken.None);

        Assert.Contains("must use the same audit key", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DocExchange:Audit:KeyPath", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await secondLog.Checkpoints.SignNowAsync(CancellationToken.None));
    }
}
