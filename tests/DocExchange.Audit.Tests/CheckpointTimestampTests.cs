using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Audit.Checkpoints;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Audit.Tests;

/// <summary>The "checkpoint.timestamp" check over real RFC 3161 tokens from an in-process TSA under a test root.</summary>
public sealed class CheckpointTimestampTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 21, 1, 30, 5, TimeSpan.Zero);
    private readonly TestTsa _tsa = new("Test TSA Root");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Token_over_the_body_verifies_and_reports_the_proven_time()
    {
        var signed = await TimestampedAsync();
        var check = CheckpointTimestampCheck.Check(signed, VerifierFor(_tsa.Root), required: true);
        Assert.True(check.Passed, check.Message);
        Assert.Equal(CheckpointTimestampCheck.Name, check.Name);
        var proven = TimestampToken.Decode(signed.TimestampToken!).GenerationTime;
        // The token's time, read back from the message, is the token's to the tick (never rounded, trailing zeros dropped).
        Assert.Equal(proven, StatedGenTime.In(check.Message));
        Assert.Contains("Test TSA", check.Message);
    }

    [Fact]
    public void Absent_token_is_reported_as_no_timestamp_and_fails_only_when_required()
    {
        var signed = new CheckpointSigner(_key).Sign(3, new byte[32], Time);
        var optional = CheckpointTimestampCheck.Check(signed, VerifierFor(_tsa.Root), required: false);
        Assert.True(optional.Passed);
        Assert.Contains("No timestamp", optional.Message);
        var required = CheckpointTimestampCheck.Check(signed, VerifierFor(_tsa.Root), required: true);
        Assert.False(required.Passed);
        Assert.Contains("No timestamp", required.Message);
    }

    [Fact]
    public async Task Token_is_rejected_for_a_tampered_body()
    {
        var signed = await TimestampedAsync();
        var tamperedBody = new Checkpoint(4, new byte[32], Time).ToBody();
        var check = CheckpointTimestampCheck.Check(signed with { Body = tamperedBody }, VerifierFor(_tsa.Root), required: false);
        Assert.False(check.Passed);
        Assert.Contains("message imprint", check.Message);
    }

    [Fact]
    public async Task Token_is_rejected_against_another_tsa_root()
    {
        using var other = new TestTsa("Other TSA Root");
        var signed = await TimestampedAsync();
        var check = CheckpointTimestampCheck.Check(signed, VerifierFor(other.Root), required: false);
        Assert.False(check.Passed);
        Assert.Contains("does not chain to a trusted TSA root", check.Message);
    }

    [Fact]
    public async Task Token_with_a_damaged_signature_is_rejected()
    {
        var signed = await TimestampedAsync();
        byte[] token = signed.TimestampToken!.ToArray();
        token[^3] ^= 0x55; // inside the signature value, the last field of the SignerInfo
        var check = CheckpointTimestampCheck.Check(signed with { TimestampToken = token }, VerifierFor(_tsa.Root), required: false);
        Assert.False(check.Passed);
    }

    [Fact]
    public async Task Token_not_checked_without_a_trust_anchor_fails_only_when_required()
    {
        var signed = await TimestampedAsync();
        Assert.True(CheckpointTimestampCheck.Check(signed, null, required: false).Passed);
        var required = CheckpointTimestampCheck.Check(signed, null, required: true);
        Assert.False(required.Passed);
        Assert.Contains("not checked", required.Message);
    }

    private Task<SignedCheckpoint> TimestampedAsync() => _tsa.TimestampAsync(new CheckpointSigner(_key).Sign(3, new byte[32], Time));

    private static CheckpointTimestampVerifier VerifierFor(X509Certificate2 root) => TestTsa.VerifierFor(root);

    public void Dispose()
    {
        _tsa.Dispose();
        _key.Dispose();
    }
}
