using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

public sealed class MerkleLogTests
{
    [Fact]
    public async Task Batched_appends_of_random_sizes_give_the_same_roots_as_one_by_one_appends()
    {
        const int total = 3000;
        var leaves = TestData.Leaves(total, seed: 7);
        var oneByOne = new MerkleLog(new InMemoryMerkleNodeStore());
        foreach (var leaf in leaves)
        {
            await oneByOne.AppendLeavesAsync([leaf], CancellationToken.None);
        }

        var batched = new MerkleLog(new InMemoryMerkleNodeStore());
        var random = new Random(11);
        int appended = 0;
        while (appended < total)
        {
            int batch = Math.Min(total - appended, random.Next(1, 700));
            var result = await batched.AppendLeavesAsync(leaves.Skip(appended).Take(batch).ToList(), CancellationToken.None);
            Assert.Equal(appended, result.FirstLeafIndex);
            appended += batch;
            Assert.Equal(appended, result.TreeSize);
            Assert.Equal(await oneByOne.GetRootAsync(appended, CancellationToken.None), result.RootHash);
        }

        for (int n = 0; n <= total; n++)
        {
            Assert.Equal(await oneByOne.GetRootAsync(n, CancellationToken.None), await batched.GetRootAsync(n, CancellationToken.None));
        }
        Assert.Equal(NaiveRfc9162.Mth(leaves), await batched.GetRootAsync(total, CancellationToken.None));
        Assert.Equal(NaiveRfc9162.Mth(leaves.Take(1234).ToList()), await batched.GetRootAsync(1234, CancellationToken.None));
    }

    [Fact]
    public async Task Proofs_from_a_large_log_verify_against_its_roots()
    {
        var leaves = TestData.Leaves(2500, seed: 3);
        var log = await TestData.LogOfAsync(leaves);
        var random = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            long second = random.Next(1, 2501);
            long first = random.Next(1, (int)second + 1);
            long index = random.Next(0, (int)second);
            byte[] secondRoot = await log.GetRootAsync(second, CancellationToken.None);
            var inclusion = await log.GetInclusionProofAsync(index, second, CancellationToken.None);
            Assert.True(MerkleProofVerifier.VerifyInclusion(inclusion, NaiveRfc9162.LeafHash(leaves[(int)index]), secondRoot).IsValid);
            var consistency = await log.GetConsistencyProofAsync(first, second, CancellationToken.None);
            Assert.True(MerkleProofVerifier.VerifyConsistency(consistency, await log.GetRootAsync(first, CancellationToken.None), secondRoot).IsValid);
        }
    }

    [Fact]
    public async Task Root_and_proofs_read_a_logarithmic_number_of_stored_nodes()
    {
        const int size = 100_000;
        var store = new CountingStore(new InMemoryMerkleNodeStore());
        var log = new MerkleLog(store);
        var hashes = Enumerable.Range(0, size).Select(i => MerkleHasher.HashLeaf(BitConverter.GetBytes(i))).ToList();
        await log.AppendLeafHashesAsync(hashes, CancellationToken.None);

        store.NodesRead = 0;
        await log.GetRootAsync(size, CancellationToken.None);
        Assert.InRange(store.NodesRead, 1, 17);

        store.NodesRead = 0;
        await log.GetInclusionProofAsync(12_345, size, CancellationToken.None);
        Assert.InRange(store.NodesRead, 1, 2 * 17);

        store.NodesRead = 0;
        await log.GetConsistencyProofAsync(54_321, size, CancellationToken.None);
        Assert.InRange(store.NodesRead, 1, 2 * 17);

        store.NodesRead = 0;
        await log.AppendLeafHashesAsync([MerkleHasher.HashLeaf([1])], CancellationToken.None);
        Assert.InRange(store.NodesRead, 1, 17);
    }

    [Fact]
    public async Task Append_computed_for_a_stale_size_is_refused_and_writes_nothing()
    {
        var store = new InMemoryMerkleNodeStore();
        var log = new MerkleLog(store);
        await log.AppendLeavesAsync(TestData.Leaves(5), CancellationToken.None);
        var before = await log.GetRootAsync(5, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<MerkleStoreConflictException>(async () =>
            await store.AppendAsync(3, 4, [new MerkleNode(new MerkleNodeId(0, 3), new byte[32])], CancellationToken.None));
        Assert.Equal(5, conflict.ActualTreeSize);
        Assert.Equal(5, await log.GetTreeSizeAsync(CancellationToken.None));
        Assert.Equal(before, await log.GetRootAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task An_append_for_a_size_the_log_no_longer_has_writes_nothing()
    {
        var store = new InMemoryMerkleNodeStore();
        var log = new MerkleLog(store);
        var other = new MerkleLog(store); // another process over the same store
        await log.AppendLeavesAsync(TestData.Leaves(3), CancellationToken.None);
        await other.AppendLeavesAsync(TestData.Leaves(2, seed: 7), CancellationToken.None);
        var before = await log.GetRootAsync(5, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<MerkleStoreConflictException>(() =>
            log.AppendLeafHashesAsync(3, [MerkleHasher.HashLeaf([1, 2, 3])], CancellationToken.None));

        Assert.Equal((3L, 5L), (conflict.ExpectedTreeSize, conflict.ActualTreeSize));
        Assert.Equal(5, await log.GetTreeSizeAsync(CancellationToken.None));
        Assert.Equal(before, await log.GetRootAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task An_append_for_the_current_size_lands_at_that_index()
    {
        var log = await TestData.LogOfAsync(TestData.Leaves(3));
        byte[] leaf = [1, 2, 3];

        var result = await log.AppendLeafHashesAsync(3, [MerkleHasher.HashLeaf(leaf)], CancellationToken.None);

        Assert.Equal((3L, 4L), (result.FirstLeafIndex, result.TreeSize));
        Assert.Equal(MerkleHasher.HashLeaf(leaf), await log.GetLeafHashAsync(3, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_appends_through_one_log_all_land()
    {
        var log = new MerkleLog(new InMemoryMerkleNodeStore());
        var batches = Enumerable.Range(0, 20).Select(i => TestData.Leaves(10, seed: 100 + i)).ToList();
        await Task.WhenAll(batches.Select(b => Task.Run(() => log.AppendLeavesAsync(b, CancellationToken.None))));
        Assert.Equal(200, await log.GetTreeSizeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Asking_for_a_size_beyond_the_log_is_an_argument_error()
    {
        var log = await TestData.LogOfAsync(TestData.Leaves(3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetRootAsync(4, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetInclusionProofAsync(3, 3, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.GetConsistencyProofAsync(2, 4, CancellationToken.None));
    }

    [Fact]
    public async Task Tree_builder_resumed_from_the_right_edge_continues_the_same_tree()
    {
        var leaves = TestData.Leaves(77);
        var log = await TestData.LogOfAsync(leaves.Take(45).ToList());
        // The right edge of a tree of 45 = 32 + 8 + 4 + 1 leaves.
        var edge = new List<byte[]>
        {
            await log.GetRootAsync(32, CancellationToken.None),
            NaiveRfc9162.Mth(leaves.Skip(32).Take(8).ToList()),
            NaiveRfc9162.Mth(leaves.Skip(40).Take(4).ToList()),
            NaiveRfc9162.LeafHash(leaves[44]),
        };
        var builder = new MerkleTreeBuilder(45, edge);
        foreach (var leaf in leaves.Skip(45))
        {
            builder.AppendLeaf(leaf);
        }
        Assert.Equal(NaiveRfc9162.Mth(leaves), builder.ComputeRoot());
    }

    /// <summary>Counts node reads on a real store.</summary>
    private sealed class CountingStore(IMerkleNodeStore inner) : IMerkleNodeStore
    {
        public long NodesRead { get; set; }

        public ValueTask<long> GetTreeSizeAsync(CancellationToken cancellationToken) => inner.GetTreeSizeAsync(cancellationToken);

        public ValueTask<IReadOnlyList<byte[]>> ReadNodesAsync(IReadOnlyList<MerkleNodeId> ids, CancellationToken cancellationToken)
        {
            NodesRead += ids.Count;
            return inner.ReadNodesAsync(ids, cancellationToken);
        }

        public ValueTask AppendAsync(long expectedTreeSize, long newTreeSize, IReadOnlyList<MerkleNode> nodes, CancellationToken cancellationToken) =>
            inner.AppendAsync(expectedTreeSize, newTreeSize, nodes, cancellationToken);
    }
}
