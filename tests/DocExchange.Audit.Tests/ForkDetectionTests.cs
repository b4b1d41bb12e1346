using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

public sealed class ForkDetectionTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 21, 1, 30, 5, TimeSpan.Zero);

    [Fact]
    public void Two_checkpoints_of_one_size_with_different_roots_are_a_fork()
    {
        var a = new Checkpoint(10, NaiveRfc9162.Sha256([1]), Time);
        var b = new Checkpoint(10, NaiveRfc9162.Sha256([2]), Time.AddMinutes(1));
        var check = CheckpointForkDetector.Compare(a, b, null);
        Assert.Equal(ForkStatus.Forked, check.Status);
        Assert.Contains("size 10", check.Message);
    }

    [Fact]
    public void Two_checkpoints_of_one_size_with_the_same_root_are_consistent()
    {
        var root = NaiveRfc9162.Sha256([1]);
        Assert.Equal(ForkStatus.Consistent, CheckpointForkDetector.Compare(new Checkpoint(10, root, Time), new Checkpoint(10, root, Time.AddHours(1)), null).Status);
    }

    [Fact]
    public async Task Checkpoints_of_one_growing_log_are_consistent_with_its_proof_in_either_order()
    {
        var log = await TestData.LogOfAsync(TestData.Leaves(30));
        var older = new Checkpoint(11, await log.GetRootAsync(11, CancellationToken.None), Time);
        var newer = new Checkpoint(30, await log.GetRootAsync(30, CancellationToken.None), Time.AddHours(1));
        var proof = await log.GetConsistencyProofAsync(11, 30, CancellationToken.None);
        Assert.Equal(ForkStatus.Consistent, CheckpointForkDetector.Compare(older, newer, proof).Status);
        Assert.Equal(ForkStatus.Consistent, CheckpointForkDetector.Compare(newer, older, proof).Status);
    }

    [Fact]
    public async Task Checkpoints_of_a_log_that_rewrote_an_old_leaf_are_a_fork()
    {
        var leaves = TestData.Leaves(30);
        var honest = await TestData.LogOfAsync(leaves);
        var rewritten = leaves.ToList();
        rewritten[4] = [.. rewritten[4], 0xFF];
        var forked = await TestData.LogOfAsync(rewritten);

        var seenEarlier = new Checkpoint(11, await honest.GetRootAsync(11, CancellationToken.None), Time);
        var seenLater = new Checkpoint(30, await forked.GetRootAsync(30, CancellationToken.None), Time.AddHours(1));
        var proof = await forked.GetConsistencyProofAsync(11, 30, CancellationToken.None);
        var check = CheckpointForkDetector.Compare(seenEarlier, seenLater, proof);
        Assert.Equal(ForkStatus.Forked, check.Status);
    }

    [Fact]
    public void Checkpoints_of_different_sizes_without_a_proof_need_one()
    {
        var check = CheckpointForkDetector.Compare(new Checkpoint(3, new byte[32], Time), new Checkpoint(5, new byte[32], Time), null);
        Assert.Equal(ForkStatus.ConsistencyProofNeeded, check.Status);
    }

    [Fact]
    public void A_proof_for_other_sizes_does_not_decide()
    {
        var check = CheckpointForkDetector.Compare(new Checkpoint(3, new byte[32], Time), new Checkpoint(5, new byte[32], Time), new ConsistencyProof(2, 5, []));
        Assert.Equal(ForkStatus.ConsistencyProofNeeded, check.Status);
    }
}
