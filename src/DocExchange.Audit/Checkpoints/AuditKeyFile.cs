using System.Security.Cryptography;
using System.Text;

namespace DocExchange.Audit.Checkpoints;

/// <summary>
/// The checkpoint signing key at rest: an ECDSA P-256 key in an encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY",
/// PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC). Created on first use; an unencrypted key file is refused.
/// </summary>
public static class AuditKeyFile
{
    /// <summary>PBKDF2 iterations for a new file (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int Iterations = 600_000;

    private const string EncryptedLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>Loads the key at <paramref name="path"/>, or creates it (file mode 0600) when the file does not exist.</summary>
    /// <exception cref="AuditKeyException">No password, a wrong password, or a file that is not an encrypted P-256 key.</exception>
    public static async Task<AuditSigningKey> LoadOrCreateAsync(string path, string? password, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (string.IsNullOrEmpty(password))
        {
            throw new AuditKeyException(
                $"No password for the audit key file {path}: set {AuditOptions.KeyPasswordVariable} (or Audit:KeyPassword in the configuration).");
        }
        if (File.Exists(path))
        {
            return await LoadAsync(path, password, cancellationToken).ConfigureAwait(false);
        }
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            string pem = key.ExportEncryptedPkcs8PrivateKeyPem(password,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Iterations));
            if (!await TryWriteNewAsync(path, pem, cancellationToken).ConfigureAwait(false))
            {
                // Another process created it first: use that one.
                key.Dispose();
                return await LoadAsync(path, password, cancellationToken).ConfigureAwait(false);
            }
            return new AuditSigningKey(key, Path.GetFullPath(path), created: true);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Loads an existing key file.</summary>
    /// <exception cref="AuditKeyException">A wrong password, or a file that is not an encrypted P-256 key.</exception>
    public static async Task<AuditSigningKey> LoadAsync(string path, string password, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, Encoding.ASCII, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AuditKeyException($"The audit key file {path} cannot be read: {e.Message}", e);
        }
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new AuditKeyException($"The audit key file {path} is not a PEM file.");
        }
        string label = text[fields.Label];
        if (label != EncryptedLabel)
        {
            throw new AuditKeyException(
                $"The audit key file {path} holds a \"{label}\" block; only an encrypted key (\"{EncryptedLabel}\") is accepted. Delete it to have a new key created, or encrypt it with openssl pkcs8 -topk8 -v2 aes-256-cbc.");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportEncryptedPkcs8PrivateKey(password, Convert.FromBase64String(text[fields.Base64Data]), out _);
        }
        catch (CryptographicException e)
        {
            key.Dispose();
            throw new AuditKeyException(
                $"The audit key file {path} cannot be decrypted: the password ({AuditOptions.KeyPasswordVariable}) is wrong, or the file is damaged or not an EC key.", e);
        }
        try
        {
            CheckpointKeys.RequireP256(key, nameof(path));
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new AuditKeyException($"The audit key in {path} is not an ECDSA P-256 key: {e.Message}", e);
        }
        return new AuditSigningKey(key, Path.GetFullPath(path), created: false);
    }

    /// <summary>Writes the file through a temporary name, flushed to disk, readable by its owner only; false if it appeared meanwhile.</summary>
    private static async Task<bool> TryWriteNewAsync(string path, string pem, CancellationToken cancellationToken)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(pem), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporary, fullPath, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(fullPath))
            {
                return false;
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
