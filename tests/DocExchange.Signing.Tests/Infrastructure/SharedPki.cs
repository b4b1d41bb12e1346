using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>One sample PKI per test run: key generation is the slow part of these tests.</summary>
internal static class SharedPki
{
    private static readonly Lazy<SamplePki> Rsa = new(() => SamplePki.Create(new SamplePkiOptions { SignerKeyAlgorithm = PkiKeyAlgorithm.Rsa2048 }));
    private static readonly Lazy<SamplePki> Ecdsa = new(() => SamplePki.Create(new SamplePkiOptions { SignerKeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 }));

    public static SamplePki WithRsaSigners => Rsa.Value;
    public static SamplePki WithEcdsaSigners => Ecdsa.Value;
}
