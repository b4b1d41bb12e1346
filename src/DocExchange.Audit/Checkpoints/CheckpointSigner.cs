using System.Security.Cryptography;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Checkpoints;

/// <summary>Signs checkpoints with the server's audit key (ECDSA P-256, SHA-256, DER signatures).</summary>
public sealed class CheckpointSigner
{
    private readonly ECDsa _key;

    /// <param name="privateKey">A P-256 private key; the signer does not take ownership of it.</param>
    public CheckpointSigner(ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        CheckpointKeys.RequireP256(privateKey, nameof(privateKey));
        _key = privateKey;
        PublicKey = privateKey.ExportSubjectPublicKeyInfo();
        KeyId = CheckpointKeys.KeyIdOf(PublicKey);
    }

    /// <summary>DER SubjectPublicKeyInfo of the signing key, as auditors should receive it.</summary>
    public byte[] PublicKey { get; }

    /// <summary>SHA-256 of <see cref="PublicKey"/>.</summary>
    public byte[] KeyId { get; }

    /// <summary>Signs the tree head of <paramref name="treeSize"/> leaves with root <paramref name="rootHash"/> taken at <paramref name="time"/>.</summary>
    public SignedCheckpoint Sign(long treeSize, ReadOnlySpan<byte> rootHash, DateTimeOffset time) =>
        Sign(new Checkpoint(treeSize, rootHash.ToArray(), time));

    public SignedCheckpoint Sign(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        byte[] body = checkpoint.ToBody();
        byte[] signature = _key.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new SignedCheckpoint(checkpoint, body, signature, KeyId.ToArray());
    }

    /// <summary>Signs the current head of <paramref name="log"/>.</summary>
    public async Task<SignedCheckpoint> SignCurrentAsync(MerkleLog log, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        long size = await log.GetTreeSizeAsync(cancellationToken).ConfigureAwait(false);
        byte[] root = await log.GetRootAsync(size, cancellationToken).ConfigureAwait(false);
        return Sign(new Checkpoint(size, root, clock.GetUtcNow()));
    }
}
