using System.Diagnostics;
using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;

namespace DocExchange.Audit.Tests;

public sealed class AuditKeyFileTests : IDisposable
{
    private const string Password = "correct horse battery staple";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dx-audit-key-tests", Guid.NewGuid().ToString("N"));

    private string KeyPath => Path.Combine(_directory, "audit-key.pem");

    [Fact]
    public async Task A_missing_key_file_is_created_as_an_encrypted_pkcs8_pem()
    {
        using var key = await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None);

        Assert.True(key.Created);
        string pem = await File.ReadAllTextAsync(KeyPath);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem);
        Assert.DoesNotContain("BEGIN PRIVATE KEY", pem);
        Assert.DoesNotContain("BEGIN EC PRIVATE KEY", pem);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        }
    }

    [Fact]
    public async Task The_key_file_uses_pbes2_with_pbkdf2_hmac_sha256_aes_256_cbc_and_many_iterations_as_openssl_reads_it()
    {
        using (await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None)) { }

        var (exitCode, output) = await OpensslAsync("asn1parse", "-in", KeyPath);

        Assert.Equal(0, exitCode);
        Assert.Contains(":PBES2", output);
        Assert.Contains(":PBKDF2", output);
        Assert.Contains(":hmacWithSHA256", output);
        Assert.Contains(":aes-256-cbc", output);
        Assert.Contains($":{AuditKeyFile.Iterations:X6}", output);
        Assert.True(AuditKeyFile.Iterations >= 600_000);
    }

    [Fact]
    public async Task Openssl_decrypts_the_key_file_with_the_password_to_the_key_that_signs_checkpoints()
    {
        using var key = await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None);

        var (exitCode, output) = await OpensslAsync("pkey", "-in", KeyPath, "-passin", "pass:" + Password, "-pubout");

        Assert.Equal(0, exitCode);
        using var published = ECDsa.Create();
        published.ImportFromPem(output);
        Assert.Equal(key.KeyId, SHA256.HashData(published.ExportSubjectPublicKeyInfo()));
        Assert.Equal(new CheckpointSigner(key.Key).KeyId, key.KeyId);
    }

    [Fact]
    public async Task The_key_file_cannot_be_loaded_without_its_password()
    {
        using (await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None)) { }
        string pem = await File.ReadAllTextAsync(KeyPath);

        var (exitCode, _) = await OpensslAsync("pkey", "-in", KeyPath, "-passin", "pass:", "-noout");
        Assert.NotEqual(0, exitCode);
        using var key = ECDsa.Create();
        Assert.ThrowsAny<Exception>(() => key.ImportFromPem(pem));
    }

    [Fact]
    public async Task A_wrong_password_fails_with_an_error_that_names_the_password_setting()
    {
        using (await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None)) { }

        var error = await Assert.ThrowsAsync<AuditKeyException>(() => AuditKeyFile.LoadOrCreateAsync(KeyPath, "wrong password", CancellationToken.None));

        Assert.Contains("cannot be decrypted", error.Message);
        Assert.Contains("password", error.Message);
        Assert.Contains("DOCEXCHANGE__Audit__KeyPassword", error.Message);
        Assert.Contains(KeyPath, error.Message);
    }

    [Fact]
    public async Task The_key_is_reused_across_restarts()
    {
        byte[] firstId;
        using (var first = await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None))
        {
            firstId = first.KeyId;
        }
        byte[] written = await File.ReadAllBytesAsync(KeyPath);

        using var second = await AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None);

        Assert.False(second.Created);
        Assert.Equal(firstId, second.KeyId);
        Assert.Equal(written, await File.ReadAllBytesAsync(KeyPath));
    }

    [Fact]
    public async Task An_empty_password_is_refused_before_anything_is_written()
    {
        var error = await Assert.ThrowsAsync<AuditKeyException>(() => AuditKeyFile.LoadOrCreateAsync(KeyPath, "", CancellationToken.None));

        Assert.Contains("DOCEXCHANGE__Audit__KeyPassword", error.Message);
        Assert.False(File.Exists(KeyPath));
    }

    [Fact]
    public async Task An_unencrypted_key_file_is_refused()
    {
        Directory.CreateDirectory(_directory);
        using (var plain = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(KeyPath, plain.ExportPkcs8PrivateKeyPem());
        }

        var error = await Assert.ThrowsAsync<AuditKeyException>(() => AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None));

        Assert.Contains("only an encrypted key", error.Message);
    }

    [Fact]
    public async Task An_encrypted_key_on_another_curve_is_refused()
    {
        Directory.CreateDirectory(_directory);
        using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
        {
            await File.WriteAllTextAsync(KeyPath, p384.ExportEncryptedPkcs8PrivateKeyPem(Password,
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));
        }

        var error = await Assert.ThrowsAsync<AuditKeyException>(() => AuditKeyFile.LoadOrCreateAsync(KeyPath, Password, CancellationToken.None));

        Assert.Contains("P-256", error.Message);
    }

    private static async Task<(int ExitCode, string Output)> OpensslAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
