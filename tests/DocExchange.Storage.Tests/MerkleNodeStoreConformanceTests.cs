using System.Security.Cryptography;
using DocExchange.Audit.Merkle;

namespace DocExchange.Storage.Tests;

/// <summary>
/// The Merkle log's node store on each engine: what is appended is read back exactly, whatever the order and shape of
/// the nodes, and a log kept in it has the roots RFC 9162 defines, computed here from the leaves alone.
/// </summary>
public abstract class MerkleNodeStoreConformanceTests(AuditEngine engine) : IAsyncLifetime
{
    private AuditHarness _h = null!;

    public async Task InitializeAsync() => _h = await AuditHarness.CreateAsync(engine);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private IMerkleNodeStore Store => _h.Storage.MerkleNodes;

    [Fact]
    public async Task Nodes_appended_interleaved_across_levels_with_gaps_and_long_runs_are_read_back_exactly()
    {
        var random = new Random(7);
        var nodes = new List<MerkleNode>();
        // Level 0 longer than one statement's run on SQLite, interleaved with level 1 as a log appends them.
        for (var i = 0; i < 1500; i++)
        {
            nodes.Add(Node(random, 0, i));
            if (i % 2 == 1) nodes.Add(Node(random, 1, i / 2));
        }
        // Gaps within a level, and a level whose indexes come out of order.
        nodes.Add(Node(random, 5, 8));
        nodes.Add(Node(random, 5, 3));
        nodes.Add(Node(random, 5, 7));
        nodes.Add(Node(random, 2, 0));

        await Store.AppendAsync(0, 1500, nodes, CancellationToken.None);

        var read = await Store.ReadNodesAsync([.. nodes.Select(n => n.Id)], CancellationToken.None);
        Assert.Equal(nodes.Count, read.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            Assert.True(nodes[i].Hash.AsSpan().SequenceEqual(read[i]), $"node {nodes[i].Id} read back differs");
        }
        Assert.Equal(1500, await Store.GetTreeSizeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_log_appended_in_batches_of_every_size_has_the_roots_of_RFC_9162()
    {
        var log = new MerkleLog(Store);
        var random = new Random(11);
        var leaves = new List<byte[]>();
        foreach (var batch in new[] { 1, 6, 1000, 1100, 3, 2048 })
        {
            var added = Enumerable.Range(0, batch).Select(_ => RandomBytes(random, 40)).ToList();
            await log.AppendLeavesAsync(added, CancellationToken.None);
            leaves.AddRange(added);

            Assert.Equal(leaves.Count, await log.GetTreeSizeAsync(CancellationToken.None));
            Assert.Equal(Convert.ToHexString(TreeHead(leaves)), Convert.ToHexString(await log.GetRootAsync(leaves.Count, CancellationToken.None)));
        }
        // An older size's root, read from the stored nodes.
        Assert.Equal(Convert.ToHexString(TreeHead(leaves[..1007])), Convert.ToHexString(await log.GetRootAsync(1007, CancellationToken.None)));
    }

    [Fact]
    public async Task An_append_at_a_stale_size_writes_nothing()
    {
        var random = new Random(3);
        await Store.AppendAsync(0, 2, [Node(random, 0, 0), Node(random, 0, 1), Node(random, 1, 0)], CancellationToken.None);

        await Assert.ThrowsAsync<MerkleStoreConflictException>(async () =>
            await Store.AppendAsync(0, 3, [Node(random, 0, 2)], CancellationToken.None));

        Assert.Equal(2, await Store.GetTreeSizeAsync(CancellationToken.None));
        await Assert.ThrowsAsync<MerkleStoreCorruptException>(async () =>
            await Store.ReadNodesAsync([new MerkleNodeId(0, 2)], CancellationToken.None));
    }

    private static MerkleNode Node(Random random, int level, long index) => new(new MerkleNodeId(level, index), RandomBytes(random, 32));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // RFC 9162 §2.1.1: MTH({d0}) = SHA-256(0x00 || d0); MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), where k
    // is the largest power of two smaller than n. Written from the RFC, independently of the log under test.
    private static byte[] TreeHead(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 1) return SHA256.HashData([0x00, .. leaves[0]]);
        var k = 1;
        while (k * 2 < leaves.Count) k *= 2;
        return SHA256.HashData([0x01, .. TreeHead([.. leaves.Take(k)]), .. TreeHead([.. leaves.Skip(k)])]);
    }
}

public sealed class SqliteMerkleNodeStoreConformanceTests() : MerkleNodeStoreConformanceTests(AuditEngine.Sqlite);

public sealed class PostgresMerkleNodeStoreConformanceTests() : MerkleNodeStoreConformanceTests(AuditEngine.Postgres);
