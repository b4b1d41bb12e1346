namespace DocExchange.Audit.Merkle;

/// <summary>
/// Checks inclusion and consistency proofs without trusting whoever produced them (RFC 9162 §2.1.3.2, §2.1.4.2).
/// Malformed input yields an invalid result with a reason, never an exception.
/// </summary>
public static class MerkleProofVerifier
{
    /// <summary>Checks that the leaf with hash <paramref name="leafHash"/> sits at the proof's index in the tree whose root is <paramref name="rootHash"/>.</summary>
    public static ProofVerification VerifyInclusion(InclusionProof proof, ReadOnlySpan<byte> leafHash, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Span<byte> computed = stackalloc byte[MerkleHasher.HashSize];
        var result = TryComputeRootFromInclusion(proof, leafHash, computed);
        if (!result.IsValid)
        {
            return result;
        }
        if (rootHash.Length != MerkleHasher.HashSize)
        {
            return ProofVerification.Invalid($"The expected root hash has {rootHash.Length} bytes; SHA-256 hashes have {MerkleHasher.HashSize}.");
        }
        return computed.SequenceEqual(rootHash)
            ? ProofVerification.Valid
            : ProofVerification.Invalid($"The inclusion proof for leaf {proof.LeafIndex} does not lead to the root of the tree of size {proof.TreeSize}: the leaf or the proof was altered.");
    }

    /// <summary>Computes the root implied by an inclusion proof (RFC 9162 §2.1.3.2 steps 1-5) into <paramref name="root"/>.</summary>
    public static ProofVerification TryComputeRootFromInclusion(InclusionProof proof, ReadOnlySpan<byte> leafHash, Span<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        long index = proof.LeafIndex, size = proof.TreeSize;
        if (size <= 0)
        {
            return ProofVerification.Invalid($"Tree size {size} has no leaves; an inclusion proof needs a tree size of at least 1.");
        }
        if (index < 0 || index >= size)
        {
            return ProofVerification.Invalid($"Leaf index {index} is outside the tree of size {size} (valid indices are 0 to {size - 1}).");
        }
        if (leafHash.Length != MerkleHasher.HashSize)
        {
            return ProofVerification.Invalid($"The leaf hash has {leafHash.Length} bytes; SHA-256 hashes have {MerkleHasher.HashSize}.");
        }
        var hashes = proof.Hashes;
        if (hashes is null)
        {
            return ProofVerification.Invalid("The inclusion proof has no hash list.");
        }
        int expectedLength = MerkleTreeShape.InclusionProofLength(index, size);
        if (hashes.Count != expectedLength)
        {
            return ProofVerification.Invalid($"The inclusion proof has {hashes.Count} hashes; leaf {index} of a tree of size {size} needs exactly {expectedLength}.");
        }
        var malformed = FindMalformedHash(hashes);
        if (malformed is not null)
        {
            return ProofVerification.Invalid(malformed);
        }

        // RFC 9162 §2.1.3.2
        long fn = index, sn = size - 1;
        leafHash.CopyTo(root);
        foreach (byte[] p in hashes)
        {
            if (sn == 0)
            {
                return ProofVerification.Invalid("The inclusion proof is longer than the path to the root.");
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHasher.HashNode(p, root, root);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHasher.HashNode(root, p, root);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0
            ? ProofVerification.Valid
            : ProofVerification.Invalid("The inclusion proof is shorter than the path to the root.");
    }

    /// <summary>Checks that the tree with root <paramref name="firstRoot"/> is a prefix of the tree with root <paramref name="secondRoot"/>.</summary>
    public static ProofVerification VerifyConsistency(ConsistencyProof proof, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot)
    {
        ArgumentNullException.ThrowIfNull(proof);
        long first = proof.FirstTreeSize, second = proof.SecondTreeSize;
        var hashes = proof.Hashes;
        if (hashes is null)
        {
            return ProofVerification.Invalid("The consistency proof has no hash list.");
        }
        if (first < 0 || second < 0)
        {
            return ProofVerification.Invalid($"Tree sizes cannot be negative (first {first}, second {second}).");
        }
        if (first > second)
        {
            return ProofVerification.Invalid($"The first tree size {first} is larger than the second {second}; a log only grows.");
        }
        if (firstRoot.Length != MerkleHasher.HashSize || secondRoot.Length != MerkleHasher.HashSize)
        {
            return ProofVerification.Invalid($"Root hashes must have {MerkleHasher.HashSize} bytes (got {firstRoot.Length} and {secondRoot.Length}).");
        }
        if (first == second)
        {
            if (hashes.Count != 0)
            {
                return ProofVerification.Invalid($"Both trees have size {first}, so the proof must be empty, but it has {hashes.Count} hashes.");
            }
            return firstRoot.SequenceEqual(secondRoot)
                ? ProofVerification.Valid
                : ProofVerification.Invalid($"Two different roots for the same tree size {first}: the log is forked.");
        }
        if (first == 0)
        {
            if (hashes.Count != 0)
            {
                return ProofVerification.Invalid($"The empty tree is a prefix of every tree, so the proof must be empty, but it has {hashes.Count} hashes.");
            }
            return firstRoot.SequenceEqual(MerkleHasher.EmptyRoot)
                ? ProofVerification.Valid
                : ProofVerification.Invalid("The first root is not the root of the empty tree (SHA-256 of the empty string).");
        }
        int expectedLength = MerkleTreeShape.ConsistencyProofLength(first, second);
        if (hashes.Count != expectedLength)
        {
            return ProofVerification.Invalid($"The consistency proof has {hashes.Count} hashes; from size {first} to size {second} it needs exactly {expectedLength}.");
        }
        var malformed = FindMalformedHash(hashes);
        if (malformed is not null)
        {
            return ProofVerification.Invalid(malformed);
        }

        // RFC 9162 §2.1.4.2
        int next = 0;
        Span<byte> fr = stackalloc byte[MerkleHasher.HashSize];
        Span<byte> sr = stackalloc byte[MerkleHasher.HashSize];
        if ((first & (first - 1)) == 0)
        {
            firstRoot.CopyTo(fr);
        }
        else
        {
            hashes[next++].CopyTo(fr);
        }
        fr.CopyTo(sr);
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        for (; next < hashes.Count; next++)
        {
            byte[] c = hashes[next];
            if (sn == 0)
            {
                return ProofVerification.Invalid("The consistency proof is longer than the path to the root.");
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHasher.HashNode(c, fr, fr);
                MerkleHasher.HashNode(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHasher.HashNode(sr, c, sr);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
        {
            return ProofVerification.Invalid("The consistency proof is shorter than the path to the root.");
        }
        if (!fr.SequenceEqual(firstRoot))
        {
            return ProofVerification.Invalid($"The consistency proof does not reproduce the root of the tree of size {first}: the proof or that root was altered, or the log rewrote its history.");
        }
        if (!sr.SequenceEqual(secondRoot))
        {
            return ProofVerification.Invalid($"The consistency proof does not reproduce the root of the tree of size {second}: the proof or that root was altered, or the log rewrote its history.");
        }
        return ProofVerification.Valid;
    }

    private static string? FindMalformedHash(IReadOnlyList<byte[]> hashes)
    {
        for (int i = 0; i < hashes.Count; i++)
        {
            if (hashes[i] is null || hashes[i].Length != MerkleHasher.HashSize)
            {
                return $"Proof hash {i} has {hashes[i]?.Length ?? 0} bytes; SHA-256 hashes have {MerkleHasher.HashSize}.";
            }
        }
        return null;
    }
}
