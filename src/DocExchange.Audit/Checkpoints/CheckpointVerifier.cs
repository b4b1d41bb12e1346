using System.Security.Cryptography;

namespace DocExchange.Audit.Checkpoints;

/// <summary>Checks checkpoints against a published audit public key; trusts nothing but that key.</summary>
public sealed class CheckpointVerifier : IDisposable
{
    private readonly ECDsa _key;

    private CheckpointVerifier(ECDsa key, byte[] subjectPublicKeyInfo)
    {
        _key = key;
        PublicKey = subjectPublicKeyInfo;
        KeyId = CheckpointKeys.KeyIdOf(subjectPublicKeyInfo);
    }

    /// <summary>DER SubjectPublicKeyInfo of the trusted key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>SHA-256 of <see cref="PublicKey"/>.</summary>
    public byte[] KeyId { get; }

    /// <summary>From a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="ArgumentException">Not a P-256 ECDSA public key.</exception>
    public static CheckpointVerifier FromSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new ArgumentException("The public key has trailing bytes after the SubjectPublicKeyInfo.", nameof(subjectPublicKeyInfo));
            }
            CheckpointKeys.RequireP256(key, nameof(subjectPublicKeyInfo));
            return new CheckpointVerifier(key, subjectPublicKeyInfo.ToArray());
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new ArgumentException($"The public key is not an ECDSA SubjectPublicKeyInfo: {e.Message}", nameof(subjectPublicKeyInfo), e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>From a PEM "PUBLIC KEY" block.</summary>
    /// <exception cref="ArgumentException">No P-256 public key in the text.</exception>
    public static CheckpointVerifier FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "PUBLIC KEY")
        {
            throw new ArgumentException("The text has no PEM block labelled \"PUBLIC KEY\".", nameof(pem));
        }
        byte[] der = Convert.FromBase64String(pem[fields.Base64Data]);
        return FromSubjectPublicKeyInfo(der);
    }

    /// <summary>
    /// Valid when the key id names this key, the signature over the body verifies, the body is a canonical
    /// checkpoint, and the claimed fields equal the signed ones.
    /// </summary>
    public CheckpointVerification Verify(SignedCheckpoint signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        if (signed.KeyId is null || !signed.KeyId.AsSpan().SequenceEqual(KeyId))
        {
            return CheckpointVerification.Invalid($"The checkpoint names signing key {Hex(signed.KeyId)}, but the trusted audit key is {Convert.ToHexStringLower(KeyId)}.");
        }
        if (signed.Body is null || signed.Signature is null)
        {
            return CheckpointVerification.Invalid("The checkpoint lacks its body or its signature.");
        }
        bool signatureValid;
        try
        {
            signatureValid = _key.VerifyData(signed.Body, signed.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            signatureValid = false;
        }
        if (!signatureValid)
        {
            return CheckpointVerification.Invalid("The checkpoint signature does not verify with the trusted audit key: the body or the signature was altered.");
        }
        if (!Checkpoint.TryParseBody(signed.Body, out var checkpoint, out string? error))
        {
            return CheckpointVerification.Invalid(error);
        }
        if (signed.Checkpoint is not null && !signed.Checkpoint.Equals(checkpoint))
        {
            return CheckpointVerification.Invalid($"The checkpoint claims size {signed.Checkpoint.TreeSize}, root {Convert.ToBase64String(signed.Checkpoint.RootHash)} and time {AuditTime.ToText(signed.Checkpoint.Time)}, but its signed body says size {checkpoint.TreeSize}, root {Convert.ToBase64String(checkpoint.RootHash)} and time {AuditTime.ToText(checkpoint.Time)}.");
        }
        return new CheckpointVerification(true, checkpoint, null);
    }

    public void Dispose() => _key.Dispose();

    private static string Hex(byte[]? bytes) => bytes is null ? "(none)" : Convert.ToHexStringLower(bytes);
}
