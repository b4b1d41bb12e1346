using System.Security.Cryptography;

namespace DocExchange.EdXml.Signatures;

/// <summary>
/// ECDSA for SignedXml, which knows only RSA and DSA: XML-DSig 1.1 §6.4.3 (ecdsa-sha256, ecdsa-sha384, ecdsa-sha512),
/// the signature value being r || s as .NET's ECDsa produces it. Public only because CryptoConfig, through which
/// SignedXml finds signature methods, accepts public types alone; the signer and verifier register it themselves.
/// </summary>
public abstract class EcdsaSignatureDescription : SignatureDescription
{
    public const string Sha256Url = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public const string Sha384Url = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    public const string Sha512Url = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";

    private static readonly Lazy<bool> Registration = new(() =>
    {
        CryptoConfig.AddAlgorithm(typeof(Sha256), Sha256Url);
        CryptoConfig.AddAlgorithm(typeof(Sha384), Sha384Url);
        CryptoConfig.AddAlgorithm(typeof(Sha512), Sha512Url);
        return true;
    });

    protected EcdsaSignatureDescription()
    {
        // SignedXml checks the key's type against KeyAlgorithm before it verifies.
        KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
    }

    internal static void EnsureRegistered() => _ = Registration.Value;

    public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter((ECDsa)key);

    public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter((ECDsa)key);

    public sealed class Sha256 : EcdsaSignatureDescription
    {
        public override HashAlgorithm CreateDigest() => SHA256.Create();
    }

    public sealed class Sha384 : EcdsaSignatureDescription
    {
        public override HashAlgorithm CreateDigest() => SHA384.Create();
    }

    public sealed class Sha512 : EcdsaSignatureDescription
    {
        public override HashAlgorithm CreateDigest() => SHA512.Create();
    }

    private sealed class Formatter(ECDsa key) : AsymmetricSignatureFormatter
    {
        public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash);

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override void SetKey(AsymmetricAlgorithm key) => throw new NotSupportedException();
    }

    private sealed class Deformatter(ECDsa key) : AsymmetricSignatureDeformatter
    {
        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature);

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override void SetKey(AsymmetricAlgorithm key) => throw new NotSupportedException();
    }
}
