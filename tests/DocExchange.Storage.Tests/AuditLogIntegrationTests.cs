using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using DocExchange.Audit.Trail;
using DocExchange.Core.Auditing;
using DocExchange.Core.Storage;
using static DocExchange.Storage.Tests.AuditHarness;

namespace DocExchange.Storage.Tests;

/// <summary>The Merkle log in the database: leaf index = event sequence, roots and proofs agree with the library, restart safety.</summary>
public abstract class AuditLogIntegrationTests(AuditEngine engine) : IAsyncLifetime
{
    private AuditHarness _h = null!;

    protected AuditHarness Harness => _h;

    public async Task InitializeAsync() => _h = await AuditHarness.CreateAsync(engine, new AuditOptions { IntegrationBatchSize = 3 });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task After_integration_the_root_equals_the_root_recomputed_from_the_stored_leaves()
    {
        await _h.PopulateAsync();

        long size = await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None);

        var rows = await _h.ReadEventRowsAsync();
        Assert.Equal(rows.Count, size);
        var builder = new MerkleTreeBuilder();
        foreach (var (_, leaf) in rows) builder.AppendLeaf(leaf);
        Assert.Equal(builder.ComputeRoot(), await _h.Audit.Log.GetRootAsync(size, CancellationToken.None));
        Assert.Equal(size, (long)(await _h.ScalarAsync("SELECT size FROM merkle_tree"))!);
    }

    [Fact]
    public async Task Every_leaf_index_holds_the_hash_of_the_event_with_that_sequence()
    {
        await _h.PopulateAsync();
        await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None);

        foreach (var (sequence, leaf) in await _h.ReadEventRowsAsync())
        {
            Assert.Equal(MerkleHasher.HashLeaf(leaf), await _h.Audit.Log.GetLeafHashAsync(sequence, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Integrating_again_changes_nothing()
    {
        await _h.PopulateAsync();
        long size = await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None);
        byte[] root = await _h.Audit.Log.GetRootAsync(size, CancellationToken.None);
        long nodes = (long)(await _h.ScalarAsync("SELECT COUNT(*) FROM merkle_nodes"))!;

        Assert.Equal(size, await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None));

        Assert.Equal(root, await _h.Audit.Log.GetRootAsync(size, CancellationToken.None));
        Assert.Equal(nodes, (long)(await _h.ScalarAsync("SELECT COUNT(*) FROM merkle_nodes"))!);
    }

    [Fact]
    public async Task Events_committed_but_not_integrated_are_integrated_when_the_log_is_reopened()
    {
        await _h.RegisterAsync(Sender, Finance);
        await _h.Audit.Integrator.IntegrateAsync(CancellationToken.None);
        await _h.RegisterAsync(Tax, NgheAn);
        await _h.SendAsync("1", [Finance, Tax]);
        Assert.Equal(2L, (long)(await _h.ScalarAsync("SELECT size FROM merkle_tree"))!);

        await _h.CloseAsync();
        await _h.OpenAsync();

        var rows = await _h.ReadEventRowsAsync();
        Assert.Equal(5, rows.Count);
        Assert.Equal(5L, await _h.Audit.Log.GetTreeSizeAsync(CancellationToken.None));
        var builder = new MerkleTreeBuilder();
        foreach (var (_, leaf) in rows) builder.AppendLeaf(leaf);
        Assert.Equal(builder.ComputeRoot(), await _h.Audit.Log.GetRootAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task Inclusion_proofs_of_every_event_verify_against_a_signed_checkpoint()
    {
        await _h.PopulateAsync();

        var signed = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);

        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(_h.Key.ExportSubjectPublicKeyInfo());
        var checkpoint = verifier.Verify(signed);
        Assert.True(checkpoint.IsValid, checkpoint.FailureReason);
        var rows = await _h.ReadEventRowsAsync();
        Assert.Equal(rows.Count, checkpoint.Checkpoint!.TreeSize);
        foreach (var (sequence, leaf) in rows)
        {
            var proof = await _h.Audit.Trail.GetInclusionProofAsync(sequence, checkpoint.Checkpoint.TreeSize, CancellationToken.None);
            var result = MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(leaf), checkpoint.Checkpoint.RootHash);
            Assert.True(result.IsValid, result.FailureReason);
        }
    }

    [Fact]
    public async Task Consistency_between_two_checkpoints_verifies()
    {
        await _h.RegisterAsync(Sender, Finance, Tax);
        var first = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);
        await _h.RegisterAsync(NgheAn);
        await _h.SendAsync("1", [Finance, Tax, NgheAn]);
        var second = await _h.Audit.Checkpoints.GetCheckpointAsync(fresh: true, CancellationToken.None);

        var proof = await _h.Audit.Trail.GetConsistencyProofAsync(first.Checkpoint.TreeSize, second.Checkpoint.TreeSize, CancellationToken.None);

        Assert.Equal((3L, 5L), (first.Checkpoint.TreeSize, second.Checkpoint.TreeSize));
        var result = MerkleProofVerifier.VerifyConsistency(proof, first.Checkpoint.RootHash, second.Checkpoint.RootHash);
        Assert.True(result.IsValid, result.FailureReason);
        Assert.Equal(ForkStatus.Consistent, CheckpointForkDetector.Compare(first.Checkpoint, second.Checkpoint, proof).Status);
    }

    [Fact]
    public async Task A_fresh_checkpoint_covers_events_committed_just_before_it()
    {
        await _h.RegisterAsync(Sender);
        var before = await _h.Audit.Checkpoints.GetCheckpointAsync(fresh: false, CancellationToken.None);
        await _h.RegisterAsync(Finance);

        var latest = await _h.Audit.Checkpoints.GetCheckpointAsync(fresh: false, CancellationToken.None);
        var fresh = await _h.Audit.Checkpoints.GetCheckpointAsync(fresh: true, CancellationToken.None);

        Assert.Equal(1, before.Checkpoint.TreeSize);
        Assert.Equal(before.Body, latest.Body);
        Assert.Equal(2, fresh.Checkpoint.TreeSize);
        Assert.Equal(fresh.Body, (await _h.Audit.Checkpoints.GetLatestAsync(CancellationToken.None))!.Body);
    }

    [Fact]
    public async Task The_running_integrator_integrates_events_as_they_commit()
    {
        using var stop = new CancellationTokenSource();
        var running = _h.Audit.Integrator.RunAsync(stop.Token);
        try
        {
            await _h.PopulateAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await _h.Audit.Log.GetTreeSizeAsync(patience.Token) < 7)
            {
                await Task.Delay(20, patience.Token);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
        Assert.Equal(7L, await _h.Audit.Log.GetTreeSizeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_background_run_integrates_and_signs_a_checkpoint_of_the_log()
    {
        await _h.PopulateAsync();
        using var stop = new CancellationTokenSource();
        var running = _h.Audit.RunAsync(stop.Token);
        SignedCheckpoint? latest;
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((latest = await _h.Audit.Checkpoints.GetLatestAsync(patience.Token)) is null)
            {
                await Task.Delay(20, patience.Token);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
        Assert.Equal(7, latest.Checkpoint.TreeSize);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(_h.Key.ExportSubjectPublicKeyInfo());
        Assert.True(verifier.Verify(latest).IsValid);
    }

    [Fact]
    public async Task A_missing_event_stops_integration_before_it_with_an_error_naming_it()
    {
        await _h.PopulateAsync();
        await _h.ExecuteSqlAsync("DELETE FROM audit_events WHERE sequence = 4");

        var error = await Assert.ThrowsAsync<AuditIntegrityException>(() => _h.Audit.Integrator.IntegrateAsync(CancellationToken.None));

        Assert.Contains("Audit event 4 is missing", error.Message);
        Assert.Equal(4L, await _h.Audit.Log.GetTreeSizeAsync(CancellationToken.None));
    }
}

/// <summary>The suite on SQLite, and the key file (engine-independent; PostgresAuditSharingTests covers a shared one).</summary>
public sealed class SqliteAuditLogIntegrationTests() : AuditLogIntegrationTests(AuditEngine.Sqlite)
{
    [Fact]
    public async Task Opening_the_log_with_the_key_file_records_the_key_and_reuses_it_after_a_restart()
    {
        var options = new AuditOptions { KeyPassword = "s3cret pass phrase" };
        byte[] firstKeyId;
        using (var first = await Harness.Storage.OpenAuditLogAsync(options, Harness.Directory, Harness.Clock))
        {
            firstKeyId = first.KeyId;
        }
        using var second = await Harness.Storage.OpenAuditLogAsync(options, Harness.Directory, Harness.Clock);

        Assert.Equal(firstKeyId, second.KeyId);
        Assert.True(File.Exists(Path.Combine(Harness.Directory, "audit-key.pem")));
        var events = await second.Trail.QueryEventsAsync(new AuditEventQuery { Actions = ["audit.key_created", "audit.key_loaded"] }, null, CancellationToken.None);
        Assert.Equal(["audit.key_created", "audit.key_loaded"], events.Select(e => e.Event.Action));
        Assert.All(events, e => Assert.Equal($"keyId={Convert.ToHexStringLower(firstKeyId)}", e.Event.Detail));
        Assert.All(events, e => Assert.Equal(ExchangeActor.ServerRole, e.Event.Actor.Role));
        Assert.Equal(2L, await second.Log.GetTreeSizeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Opening_the_log_with_a_wrong_key_password_fails_clearly()
    {
        using (await Harness.Storage.OpenAuditLogAsync(new AuditOptions { KeyPassword = "right" }, Harness.Directory, Harness.Clock)) { }

        var error = await Assert.ThrowsAsync<AuditKeyException>(() =>
            Harness.Storage.OpenAuditLogAsync(new AuditOptions { KeyPassword = "wrong" }, Harness.Directory, Harness.Clock));

        Assert.Contains("password", error.Message);
    }
}

public sealed class PostgresAuditLogIntegrationTests() : AuditLogIntegrationTests(AuditEngine.Postgres);
