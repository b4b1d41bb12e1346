using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Signing.Tests.Timestamping;

public sealed class InProcessTimestampAuthorityTests
{
    [Fact]
    public async Task Openssl_ts_verifies_our_tokens()
    {
        var pki = SharedPki.WithRsaSigners;
        var digest = SHA256.HashData("signature value"u8);
        var token = await SignedPdfs.Tsa(pki).GetTimestampTokenAsync(digest, HashAlgorithmName.SHA256, CancellationToken.None);

        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("token.der"), token);
        await PkiFiles.WriteCertificatePemAsync(directory.File("root.pem"), pki.Root.Certificate, CancellationToken.None);
        var verify = await ExternalTool.RunAsync("openssl", ["ts", "-verify", "-digest", Convert.ToHexString(digest), "-in", directory.File("token.der"),
            "-token_in", "-CAfile", directory.File("root.pem")]);

        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("Verification: OK", verify.All);
    }

    [Fact]
    public async Task Tokens_decode_with_the_imprint_and_a_current_time()
    {
        var pki = SharedPki.WithRsaSigners;
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var token = TimestampToken.Decode(await SignedPdfs.Tsa(pki).GetTimestampTokenAsync(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, CancellationToken.None));

        Assert.True(token.MatchesData("x"u8));
        Assert.False(token.MatchesData("y"u8));
        Assert.InRange(token.GenerationTime, before, DateTimeOffset.UtcNow.AddSeconds(1));
        var (certificate, error) = token.VerifySignature();
        Assert.Null(error);
        Assert.Equal(pki.TimestampAuthority.Thumbprint, certificate!.Thumbprint);
    }

    [Fact]
    public async Task A_token_with_a_flipped_signature_bit_fails_verification()
    {
        var pki = SharedPki.WithRsaSigners;
        var encoded = await SignedPdfs.Tsa(pki).GetTimestampTokenAsync(SHA256.HashData("x"u8), HashAlgorithmName.SHA256, CancellationToken.None);
        var signature = TimestampToken.Decode(encoded).SignedData.Signer.Signature;
        var at = encoded.AsSpan().IndexOf(signature);
        encoded[at + 10] ^= 0x01;

        var (_, error) = TimestampToken.Decode(encoded).VerifySignature();

        Assert.Equal("the token's signature value is invalid", error);
    }

    [Fact]
    public void A_certificate_without_the_time_stamping_eku_cannot_be_a_tsa()
    {
        var pki = SharedPki.WithRsaSigners;

        Assert.Throws<ArgumentException>(() => new InProcessTimestampAuthority(pki.OrganisationSeal, pki.AgencyChain));
    }
}
