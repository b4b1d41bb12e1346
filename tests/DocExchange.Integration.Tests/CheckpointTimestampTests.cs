using System.Diagnostics;
using System.Security.Cryptography;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>Checkpoints served by GetCheckpoint carry an RFC 3161 token from the server's TSA; openssl is the judge.</summary>
public sealed class CheckpointTimestampTests
{
    [Fact]
    public async Task A_fresh_checkpoint_carries_a_token_that_openssl_verifies_against_the_tsa_root()
    {
        // The server generates its own TSA, whose root it writes to <data>/signing/tsa-ca.crt for verifiers.
        await using var server = await TestServer.StartAsync("--DocExchange:Signing:Tsa:CertificatePath=");
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var checkpoint = await server.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });

        Assert.False(checkpoint.TimestampToken.IsEmpty);
        string token = Path.Combine(server.DataDirectory, "checkpoint-token.der");
        await File.WriteAllBytesAsync(token, checkpoint.TimestampToken.ToByteArray());
        string root = Path.Combine(server.DataDirectory, "signing", "tsa-ca.crt");
        string digest = Convert.ToHexStringLower(SHA256.HashData(checkpoint.SignedBody.Span));

        var (exitCode, output) = await OpenSslTsVerifyAsync(digest, token, root);
        Assert.True(exitCode == 0, output);
        Assert.Contains("Verification: OK", output);

        // The same judge refuses the token for another body, so the pass above means something.
        string otherDigest = Convert.ToHexStringLower(SHA256.HashData([.. checkpoint.SignedBody.Span, (byte)'x']));
        var (otherExit, otherOutput) = await OpenSslTsVerifyAsync(otherDigest, token, root);
        Assert.True(otherExit != 0, otherOutput);
    }

    [Fact]
    public async Task Timestamping_can_be_turned_off()
    {
        await using var server = await TestServer.StartAsync("--DocExchange:Audit:TimestampCheckpoints=false");
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var checkpoint = await server.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });

        Assert.True(checkpoint.TimestampToken.IsEmpty);
        Assert.False(checkpoint.Signature.IsEmpty);
    }

    private static async Task<(int ExitCode, string Output)> OpenSslTsVerifyAsync(string digestHex, string tokenPath, string caFile)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "ts", "-verify", "-digest", digestHex, "-token_in", "-in", tokenPath, "-CAfile", caFile })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
