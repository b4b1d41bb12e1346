using DocExchange.Audit.Checkpoints;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary>Loads the trusted audit public key: PEM "PUBLIC KEY" or DER SubjectPublicKeyInfo, ECDSA P-256.</summary>
public static class AuditKeyFile
{
    public static async Task<CheckpointVerifier> LoadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte[] content = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        try
        {
            string text = System.Text.Encoding.ASCII.GetString(content);
            return text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? CheckpointVerifier.FromPem(text)
                : CheckpointVerifier.FromSubjectPublicKeyInfo(content);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw DxException.Usage($"--key: {file.FullName} is not an ECDSA P-256 public key (PEM \"PUBLIC KEY\" or DER): {e.Message}");
        }
    }
}
