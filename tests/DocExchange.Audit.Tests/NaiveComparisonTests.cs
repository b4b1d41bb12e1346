using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

/// <summary>Every root and proof of trees of size 1..64 against the literal RFC 9162 definitions.</summary>
public sealed class NaiveComparisonTests
{
    private const int MaxSize = 64;
    private static readonly List<byte[]> Leaves = TestData.Leaves(MaxSize);
    private static readonly byte[][] NaiveRoots = Enumerable.Range(0, MaxSize + 1).Select(n => NaiveRfc9162.Mth(Leaves.Take(n).ToList())).ToArray();

    [Fact]
    public async Task Root_of_every_size_from_0_to_64_equals_the_naive_MTH()
    {
        var log = await TestData.LogOfAsync(Leaves);
        for (int n = 0; n <= MaxSize; n++)
        {
            Assert.Equal(NaiveRoots[n], await log.GetRootAsync(n, CancellationToken.None));
        }
    }

    [Fact]
    public void Tree_builder_root_after_each_append_equals_the_naive_MTH()
    {
        var builder = new MerkleTreeBuilder();
        Assert.Equal(NaiveRoots[0], builder.ComputeRoot());
        for (int n = 1; n <= MaxSize; n++)
        {
            builder.AppendLeaf(Leaves[n - 1]);
            Assert.Equal(NaiveRoots[n], builder.ComputeRoot());
        }
    }

    [Fact]
    public async Task Every_inclusion_proof_of_every_size_equals_the_naive_PATH()
    {
        var log = await TestData.LogOfAsync(Leaves);
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 0; m < n; m++)
            {
                var proof = await log.GetInclusionProofAsync(m, n, CancellationToken.None);
                Assert.Equal(NaiveRfc9162.Path(m, tree), proof.Hashes);
                Assert.Equal(m, proof.LeafIndex);
                Assert.Equal(n, proof.TreeSize);
            }
        }
    }

    [Fact]
    public async Task Every_consistency_proof_of_every_pair_equals_the_naive_PROOF()
    {
        var log = await TestData.LogOfAsync(Leaves);
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 1; m <= n; m++)
            {
                var proof = await log.GetConsistencyProofAsync(m, n, CancellationToken.None);
                Assert.Equal(NaiveRfc9162.Proof(m, tree), proof.Hashes);
            }
        }
    }

    [Fact]
    public void Verifier_accepts_every_naive_inclusion_proof()
    {
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 0; m < n; m++)
            {
                var proof = new InclusionProof(m, n, NaiveRfc9162.Path(m, tree));
                var result = MerkleProofVerifier.VerifyInclusion(proof, NaiveRfc9162.LeafHash(Leaves[m]), NaiveRoots[n]);
                Assert.True(result.IsValid, $"leaf {m} of {n}: {result.FailureReason}");
            }
        }
    }

    [Fact]
    public void Verifier_accepts_every_naive_consistency_proof()
    {
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 1; m <= n; m++)
            {
                var proof = new ConsistencyProof(m, n, NaiveRfc9162.Proof(m, tree));
                var result = MerkleProofVerifier.VerifyConsistency(proof, NaiveRoots[m], NaiveRoots[n]);
                Assert.True(result.IsValid, $"{m} -> {n}: {result.FailureReason}");
            }
        }
    }

    [Fact]
    public void Verifier_rejects_every_naive_inclusion_proof_with_a_flipped_bit_in_any_hash_or_in_the_leaf_or_root()
    {
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 0; m < n; m++)
            {
                var path = NaiveRfc9162.Path(m, tree);
                byte[] leafHash = NaiveRfc9162.LeafHash(Leaves[m]);
                int bit = (m * 37 + n) % 256;
                for (int i = 0; i < path.Count; i++)
                {
                    var corrupted = new InclusionProof(m, n, TestData.WithElement(path, i, TestData.FlipBit(path[i], bit)));
                    Assert.False(MerkleProofVerifier.VerifyInclusion(corrupted, leafHash, NaiveRoots[n]).IsValid, $"leaf {m} of {n}, hash {i}");
                }
                var proof = new InclusionProof(m, n, path);
                Assert.False(MerkleProofVerifier.VerifyInclusion(proof, TestData.FlipBit(leafHash, bit), NaiveRoots[n]).IsValid);
                Assert.False(MerkleProofVerifier.VerifyInclusion(proof, leafHash, TestData.FlipBit(NaiveRoots[n], bit)).IsValid);
            }
        }
    }

    [Fact]
    public void Verifier_rejects_every_bit_flip_of_every_inclusion_proof_of_a_ragged_tree()
    {
        const int n = 13;
        var tree = Leaves.Take(n).ToList();
        for (int m = 0; m < n; m++)
        {
            var path = NaiveRfc9162.Path(m, tree);
            for (int i = 0; i < path.Count; i++)
            {
                for (int bit = 0; bit < 256; bit++)
                {
                    var corrupted = new InclusionProof(m, n, TestData.WithElement(path, i, TestData.FlipBit(path[i], bit)));
                    Assert.False(MerkleProofVerifier.VerifyInclusion(corrupted, NaiveRfc9162.LeafHash(Leaves[m]), NaiveRoots[n]).IsValid);
                }
            }
        }
    }

    [Fact]
    public void Verifier_rejects_every_naive_inclusion_proof_presented_with_a_wrong_index()
    {
        for (int n = 2; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 0; m < n; m++)
            {
                var path = NaiveRfc9162.Path(m, tree);
                foreach (int wrong in new[] { m - 1, m + 1, n, -1 })
                {
                    if (wrong == m)
                    {
                        continue;
                    }
                    var result = MerkleProofVerifier.VerifyInclusion(new InclusionProof(wrong, n, path), NaiveRfc9162.LeafHash(Leaves[m]), NaiveRoots[n]);
                    Assert.False(result.IsValid, $"leaf {m} of {n} accepted as leaf {wrong}");
                    Assert.False(string.IsNullOrEmpty(result.FailureReason));
                }
            }
        }
    }

    [Fact]
    public void Verifier_rejects_every_naive_inclusion_proof_presented_for_a_wrong_tree_size()
    {
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 0; m < n; m++)
            {
                var path = NaiveRfc9162.Path(m, tree);
                foreach (int wrongSize in new[] { n - 1, n + 1 })
                {
                    if (wrongSize < 1 || wrongSize > MaxSize)
                    {
                        continue;
                    }
                    var result = MerkleProofVerifier.VerifyInclusion(new InclusionProof(m, wrongSize, path), NaiveRfc9162.LeafHash(Leaves[m]), NaiveRoots[wrongSize]);
                    Assert.False(result.IsValid, $"leaf {m} of {n} accepted for size {wrongSize}");
                }
            }
        }
    }

    [Fact]
    public void Verifier_rejects_every_naive_consistency_proof_with_a_flipped_bit_in_any_hash_or_root()
    {
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 1; m <= n; m++)
            {
                var hashes = NaiveRfc9162.Proof(m, tree);
                int bit = (m * 41 + n * 3) % 256;
                for (int i = 0; i < hashes.Count; i++)
                {
                    var corrupted = new ConsistencyProof(m, n, TestData.WithElement(hashes, i, TestData.FlipBit(hashes[i], bit)));
                    Assert.False(MerkleProofVerifier.VerifyConsistency(corrupted, NaiveRoots[m], NaiveRoots[n]).IsValid, $"{m} -> {n}, hash {i}");
                }
                var proof = new ConsistencyProof(m, n, hashes);
                Assert.False(MerkleProofVerifier.VerifyConsistency(proof, TestData.FlipBit(NaiveRoots[m], bit), NaiveRoots[n]).IsValid, $"{m} -> {n}, first root");
                Assert.False(MerkleProofVerifier.VerifyConsistency(proof, NaiveRoots[m], TestData.FlipBit(NaiveRoots[n], bit)).IsValid, $"{m} -> {n}, second root");
            }
        }
    }

    [Fact]
    public void Verifier_rejects_every_naive_consistency_proof_presented_for_wrong_sizes()
    {
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 1; m <= n; m++)
            {
                var hashes = NaiveRfc9162.Proof(m, tree);
                foreach (var (first, second) in new[] { (m - 1, n), (m + 1, n), (m, n - 1), (m, n + 1) })
                {
                    if (first < 1 || second > MaxSize || first > second)
                    {
                        continue;
                    }
                    var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(first, second, hashes), NaiveRoots[first], NaiveRoots[second]);
                    Assert.False(result.IsValid, $"proof {m} -> {n} accepted for {first} -> {second}");
                }
            }
        }
    }

    [Fact]
    public void Verifier_rejects_naive_proofs_with_one_hash_dropped_or_added()
    {
        var extra = new byte[32];
        for (int n = 1; n <= MaxSize; n++)
        {
            var tree = Leaves.Take(n).ToList();
            for (int m = 0; m < n; m++)
            {
                var path = NaiveRfc9162.Path(m, tree);
                byte[] leafHash = NaiveRfc9162.LeafHash(Leaves[m]);
                Assert.False(MerkleProofVerifier.VerifyInclusion(new InclusionProof(m, n, [.. path, extra]), leafHash, NaiveRoots[n]).IsValid);
                if (path.Count > 0)
                {
                    Assert.False(MerkleProofVerifier.VerifyInclusion(new InclusionProof(m, n, path.Take(path.Count - 1).ToList()), leafHash, NaiveRoots[n]).IsValid);
                }
            }
            for (int m = 1; m <= n; m++)
            {
                var hashes = NaiveRfc9162.Proof(m, tree);
                Assert.False(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(m, n, [.. hashes, extra]), NaiveRoots[m], NaiveRoots[n]).IsValid);
                if (hashes.Count > 0)
                {
                    Assert.False(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(m, n, hashes.Skip(1).ToList()), NaiveRoots[m], NaiveRoots[n]).IsValid);
                }
            }
        }
    }
}
