using System.Security.Cryptography;

namespace DocExchange.Audit.Checkpoints;

/// <summary>Rules for checkpoint keys: ECDSA on P-256 only, identified by SHA-256 of the SubjectPublicKeyInfo.</summary>
public static class CheckpointKeys
{
    /// <summary>The name published in LogInfo.signature_algorithm.</summary>
    public const string SignatureAlgorithm = "ecdsa-p256-sha256";

    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>SHA-256 of a DER SubjectPublicKeyInfo.</summary>
    public static byte[] KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => SHA256.HashData(subjectPublicKeyInfo);

    internal static void RequireP256(ECDsa key, string parameterName)
    {
        var parameters = key.ExportParameters(false);
        if (parameters.Curve.Oid?.Value != P256Oid)
        {
            throw new ArgumentException("Checkpoint keys must be ECDSA on the NIST P-256 curve.", parameterName);
        }
    }
}
