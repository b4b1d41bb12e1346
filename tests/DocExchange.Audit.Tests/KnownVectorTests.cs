using System.Security.Cryptography;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

public sealed class KnownVectorTests
{
    private static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    // The reference inputs of RFC 6962's test suite (certificate-transparency, also transparency-dev/merkle).
    private static readonly byte[][] CtLeaves =
    [
        [], Hex("00"), Hex("10"), Hex("2021"), Hex("3031"), Hex("40414243"), Hex("5051525354555657"),
        Hex("606162636465666768696a6b6c6d6e6f"),
    ];

    private static readonly string[] CtRoots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public async Task Empty_tree_root_is_sha256_of_the_empty_string()
    {
        var log = new MerkleLog(new InMemoryMerkleNodeStore());
        Assert.Equal(SHA256.HashData(Array.Empty<byte>()), await log.GetRootAsync(0, CancellationToken.None));
        Assert.Equal(SHA256.HashData(Array.Empty<byte>()), MerkleHasher.EmptyRoot.ToArray());
    }

    [Fact]
    public void Leaf_and_node_hashes_use_the_0x00_and_0x01_prefixes()
    {
        byte[] leaf = "abc"u8.ToArray();
        Assert.Equal(H([0x00], leaf), MerkleHasher.HashLeaf(leaf));
        byte[] left = H([1, 2]), right = H([3]);
        Assert.Equal(H([0x01], left, right), MerkleHasher.HashNode(left, right));
    }

    [Fact]
    public async Task Three_leaf_tree_root_and_proofs_match_hand_computed_hashes()
    {
        byte[] a = "a"u8.ToArray(), b = "b"u8.ToArray(), c = "c"u8.ToArray();
        byte[] la = H([0], a), lb = H([0], b), lc = H([0], c);
        byte[] ab = H([1], la, lb);
        byte[] root = H([1], ab, lc);

        var log = await TestData.LogOfAsync([a, b, c]);
        Assert.Equal(root, await log.GetRootAsync(3, CancellationToken.None));
        Assert.Equal(ab, await log.GetRootAsync(2, CancellationToken.None));
        Assert.Equal([lb, lc], (await log.GetInclusionProofAsync(0, 3, CancellationToken.None)).Hashes);
        Assert.Equal([ab], (await log.GetInclusionProofAsync(2, 3, CancellationToken.None)).Hashes);
        Assert.Equal([lb, lc], (await log.GetConsistencyProofAsync(1, 3, CancellationToken.None)).Hashes);
        Assert.Equal([lc], (await log.GetConsistencyProofAsync(2, 3, CancellationToken.None)).Hashes);
    }

    [Fact]
    public async Task Roots_of_the_rfc6962_reference_tree_match_the_published_values()
    {
        var log = await TestData.LogOfAsync(CtLeaves);
        for (int n = 0; n <= 8; n++)
        {
            Assert.Equal(CtRoots[n], Convert.ToHexStringLower(await log.GetRootAsync(n, CancellationToken.None)));
        }
    }

    [Theory]
    [InlineData(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    public async Task Inclusion_proofs_of_the_rfc6962_reference_tree_match_the_published_values(int index, int size, params string[] expected)
    {
        var log = await TestData.LogOfAsync(CtLeaves);
        var proof = await log.GetInclusionProofAsync(index, size, CancellationToken.None);
        Assert.Equal(expected, proof.Hashes.Select(Convert.ToHexStringLower));
        Assert.True(MerkleProofVerifier.VerifyInclusion(proof, MerkleHasher.HashLeaf(CtLeaves[index]), Hex(CtRoots[size])).IsValid);
    }

    [Theory]
    [InlineData(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public async Task Consistency_proofs_of_the_rfc6962_reference_tree_match_the_published_values(int first, int second, params string[] expected)
    {
        var log = await TestData.LogOfAsync(CtLeaves);
        var proof = await log.GetConsistencyProofAsync(first, second, CancellationToken.None);
        Assert.Equal(expected, proof.Hashes.Select(Convert.ToHexStringLower));
        Assert.True(MerkleProofVerifier.VerifyConsistency(proof, Hex(CtRoots[first]), Hex(CtRoots[second])).IsValid);
    }
}
