using DocExchange.Signing.Pki;
using DocExchange.Testing.Pki;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>One sample PKI per key algorithm and test run: the agency seal signs envelopes, its CA chain judges them.</summary>
internal static class SealPki
{
    private static readonly Lazy<SamplePki> RsaPki = new(() => SamplePki.Create(new SamplePkiOptions { SignerKeyAlgorithm = PkiKeyAlgorithm.Rsa2048 }));
    private static readonly Lazy<SamplePki> EcdsaPki = new(() => SamplePki.Create(new SamplePkiOptions { SignerKeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 }));

    public static SamplePki For(string algorithm) => algorithm switch
    {
        "RSA" => RsaPki.Value,
        "ECDSA" => EcdsaPki.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, null),
    };
}
