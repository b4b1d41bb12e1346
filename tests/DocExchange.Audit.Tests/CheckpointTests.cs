using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Tests;

public sealed class CheckpointTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 21, 1, 30, 5, TimeSpan.Zero);

    [Fact]
    public void Body_matches_the_documented_text()
    {
        var checkpoint = new Checkpoint(5, new byte[32], Time);
        const string expected = "docexchange audit checkpoint v1\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n2026-11-21T01:30:05.000000Z\n";
        Assert.Equal(Encoding.ASCII.GetBytes(expected), checkpoint.ToBody());
    }

    [Theory]
    [InlineData("docexchange audit checkpoint v1\n05\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n2026-11-21T01:30:05.000000Z\n")]
    [InlineData("docexchange audit checkpoint v1\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n2026-11-21T01:30:05Z\n")]
    [InlineData("docexchange audit checkpoint v1\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n2026-11-21T01:30:05.000000Z")]
    [InlineData("docexchange audit checkpoint v2\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n2026-11-21T01:30:05.000000Z\n")]
    [InlineData("docexchange audit checkpoint v1\n5\nAAAA\n2026-11-21T01:30:05.000000Z\n")]
    [InlineData("docexchange audit checkpoint v1\n-5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n2026-11-21T01:30:05.000000Z\n")]
    public void Body_parser_refuses_non_canonical_bodies(string body)
    {
        Assert.False(Checkpoint.TryParseBody(Encoding.UTF8.GetBytes(body), out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Signed_checkpoint_verifies_with_the_published_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(7, NaiveRfc9162.Sha256([1]), Time);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
        var result = verifier.Verify(signed);
        Assert.True(result.IsValid, result.FailureReason);
        Assert.Equal(signed.Checkpoint, result.Checkpoint);
    }

    [Fact]
    public void Key_id_is_the_sha256_of_the_subject_public_key_info()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(1, new byte[32], Time);
        Assert.Equal(SHA256.HashData(key.ExportSubjectPublicKeyInfo()), signed.KeyId);
    }

    [Fact]
    public void Verifier_built_from_pem_accepts_the_checkpoint()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(7, new byte[32], Time);
        using var verifier = CheckpointVerifier.FromPem(key.ExportSubjectPublicKeyInfoPem());
        Assert.True(verifier.Verify(signed).IsValid);
    }

    [Fact]
    public void Checkpoint_signed_by_another_key_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(other).Sign(7, new byte[32], Time);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
        var result = verifier.Verify(signed);
        Assert.False(result.IsValid);
        Assert.Contains("trusted audit key", result.FailureReason);

        // Even when the key id is forged to name the trusted key, the signature fails.
        var forged = signed with { KeyId = verifier.KeyId };
        Assert.False(verifier.Verify(forged).IsValid);
    }

    [Fact]
    public void Checkpoint_with_an_altered_body_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(7, new byte[32], Time);
        var altered = new Checkpoint(8, new byte[32], Time);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
        var result = verifier.Verify(signed with { Checkpoint = altered, Body = altered.ToBody() });
        Assert.False(result.IsValid);
        Assert.Contains("signature does not verify", result.FailureReason);
    }

    [Fact]
    public void Checkpoint_whose_claimed_fields_differ_from_its_signed_body_is_rejected()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(7, new byte[32], Time);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
        var result = verifier.Verify(signed with { Checkpoint = new Checkpoint(9, new byte[32], Time) });
        Assert.False(result.IsValid);
        Assert.Contains("signed body says size 7", result.FailureReason);
    }

    [Fact]
    public void Checkpoint_with_a_corrupted_signature_is_rejected_without_exception()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(7, new byte[32], Time);
        using var verifier = CheckpointVerifier.FromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo());
        Assert.False(verifier.Verify(signed with { Signature = TestData.FlipBit(signed.Signature, 100) }).IsValid);
        Assert.False(verifier.Verify(signed with { Signature = [0x30, 0x00] }).IsValid);
    }

    [Fact]
    public void Keys_on_other_curves_are_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => new CheckpointSigner(p384));
        Assert.Throws<ArgumentException>(() => CheckpointVerifier.FromSubjectPublicKeyInfo(p384.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void Openssl_verifies_the_checkpoint_signature_with_the_published_pem_key()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = new CheckpointSigner(key).Sign(12, NaiveRfc9162.Sha256([9]), Time);
        string dir = Directory.CreateTempSubdirectory("dx-audit-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "key.pem"), key.ExportSubjectPublicKeyInfoPem());
            File.WriteAllBytes(Path.Combine(dir, "body"), signed.Body);
            File.WriteAllBytes(Path.Combine(dir, "sig"), signed.Signature);
            var start = new ProcessStartInfo("openssl", ["dgst", "-sha256", "-verify", "key.pem", "-signature", "sig", "body"])
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Verified OK", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Sign_current_signs_the_log_head()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leaves = TestData.Leaves(9);
        var log = await TestData.LogOfAsync(leaves);
        var signed = await new CheckpointSigner(key).SignCurrentAsync(log, TimeProvider.System, CancellationToken.None);
        Assert.Equal(9, signed.Checkpoint.TreeSize);
        Assert.Equal(NaiveRfc9162.Mth(leaves), signed.Checkpoint.RootHash);
    }
}
