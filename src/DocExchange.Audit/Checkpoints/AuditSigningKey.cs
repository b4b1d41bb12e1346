using System.Security.Cryptography;

namespace DocExchange.Audit.Checkpoints;

/// <summary>The loaded checkpoint key; dispose it when the server stops.</summary>
public sealed class AuditSigningKey : IDisposable
{
    internal AuditSigningKey(ECDsa key, string path, bool created)
    {
        Key = key;
        Path = path;
        Created = created;
        KeyId = CheckpointKeys.KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The P-256 private key.</summary>
    public ECDsa Key { get; }

    /// <summary>Full path of the key file.</summary>
    public string Path { get; }

    /// <summary>True when this call created the file.</summary>
    public bool Created { get; }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo.</summary>
    public byte[] KeyId { get; }

    public void Dispose() => Key.Dispose();
}
