using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

/// <summary>Malformed proofs are refused with a reason, never with an exception.</summary>
public sealed class MalformedProofTests
{
    private static readonly byte[] SomeHash = new byte[32];

    [Theory]
    [InlineData(5, 5, "outside the tree")]
    [InlineData(-1, 5, "outside the tree")]
    [InlineData(0, 0, "no leaves")]
    public void Inclusion_proof_with_an_index_outside_the_tree_is_rejected_with_a_reason(long index, long size, string reason)
    {
        var result = MerkleProofVerifier.VerifyInclusion(new InclusionProof(index, size, [SomeHash, SomeHash, SomeHash]), SomeHash, SomeHash);
        Assert.False(result.IsValid);
        Assert.Contains(reason, result.FailureReason);
    }

    [Fact]
    public void Inclusion_proof_of_the_wrong_length_is_rejected_naming_the_expected_length()
    {
        var result = MerkleProofVerifier.VerifyInclusion(new InclusionProof(3, 8, [SomeHash, SomeHash]), SomeHash, SomeHash);
        Assert.False(result.IsValid);
        Assert.Contains("needs exactly 3", result.FailureReason);
    }

    [Fact]
    public void Inclusion_proof_with_a_short_hash_is_rejected()
    {
        var result = MerkleProofVerifier.VerifyInclusion(new InclusionProof(0, 2, [new byte[31]]), SomeHash, SomeHash);
        Assert.False(result.IsValid);
        Assert.Contains("31 bytes", result.FailureReason);
    }

    [Fact]
    public void Inclusion_check_with_a_leaf_hash_of_the_wrong_length_is_rejected()
    {
        var result = MerkleProofVerifier.VerifyInclusion(new InclusionProof(0, 1, []), new byte[5], SomeHash);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Consistency_proof_whose_first_size_exceeds_the_second_is_rejected()
    {
        var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(9, 8, [SomeHash]), SomeHash, SomeHash);
        Assert.False(result.IsValid);
        Assert.Contains("larger than the second", result.FailureReason);
    }

    [Fact]
    public void Consistency_proof_between_equal_sizes_must_be_empty()
    {
        var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(4, 4, [SomeHash]), SomeHash, SomeHash);
        Assert.False(result.IsValid);
        Assert.Contains("must be empty", result.FailureReason);
    }

    [Fact]
    public void Consistency_between_equal_sizes_with_different_roots_is_rejected_as_a_fork()
    {
        var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(4, 4, []), SomeHash, TestData.FlipBit(SomeHash, 0));
        Assert.False(result.IsValid);
        Assert.Contains("forked", result.FailureReason);
    }

    [Fact]
    public void Consistency_proof_of_the_wrong_length_is_rejected_naming_the_expected_length()
    {
        var result = MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(6, 8, [SomeHash]), SomeHash, SomeHash);
        Assert.False(result.IsValid);
        Assert.Contains("needs exactly 3", result.FailureReason);
    }

    [Fact]
    public void Consistency_from_the_empty_tree_is_valid_only_with_an_empty_proof_and_the_empty_root()
    {
        byte[] empty = MerkleHasher.EmptyRoot.ToArray();
        Assert.True(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, 5, []), empty, SomeHash).IsValid);
        Assert.False(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, 5, [SomeHash]), empty, SomeHash).IsValid);
        Assert.False(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(0, 5, []), SomeHash, SomeHash).IsValid);
    }

    [Fact]
    public void Consistency_proof_with_negative_sizes_is_rejected()
    {
        Assert.False(MerkleProofVerifier.VerifyConsistency(new ConsistencyProof(-1, 5, []), SomeHash, SomeHash).IsValid);
    }
}
