using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Audit.Checkpoints;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Audit.Tests;

/// <summary>A real RFC 3161 TSA in process ("CN=Test TSA") under its own root, and the token verifier an auditor builds on a root.</summary>
internal sealed class TestTsa : IDisposable
{
    private readonly CertificateAuthority _ca;

    public TestTsa(string rootName)
    {
        _ca = CertificateAuthority.CreateRoot(new X500DistinguishedName($"CN={rootName}"), PkiKeyAlgorithm.EcdsaP256);
        var certificate = _ca.Issue(CertificateProfile.TimestampAuthority, new CertificateSpec(new X500DistinguishedName("CN=Test TSA")) { KeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 });
        Root = X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData);
        Authority = new InProcessTimestampAuthority(certificate, [Root]);
    }

    public X509Certificate2 Root { get; }

    public InProcessTimestampAuthority Authority { get; }

    /// <summary><paramref name="signed"/> with a token over SHA-256 of its body.</summary>
    public async Task<SignedCheckpoint> TimestampAsync(SignedCheckpoint signed)
    {
        byte[] token = await Authority.GetTimestampTokenAsync(SHA256.HashData(signed.Body), HashAlgorithmName.SHA256, CancellationToken.None);
        return signed with { TimestampToken = token };
    }

    /// <summary>The verifier <c>dx</c> builds from <c>--tsa-root</c>: <see cref="TimestampTokenVerifier"/> against <paramref name="root"/>.</summary>
    public static CheckpointTimestampVerifier VerifierFor(X509Certificate2 root) => (token, body) =>
    {
        var result = TimestampTokenVerifier.Verify(token, body, [root]);
        return result.IsValid ? CheckpointTimestampResult.Valid(result.GenerationTime!.Value, result.Authority!.Subject) : CheckpointTimestampResult.Invalid(result.Error!);
    };

    public void Dispose()
    {
        Root.Dispose();
        _ca.Dispose();
    }
}
