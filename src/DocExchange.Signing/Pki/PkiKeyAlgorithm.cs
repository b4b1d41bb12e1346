namespace DocExchange.Signing.Pki;

/// <summary>Key types the PKI builder can generate.</summary>
public enum PkiKeyAlgorithm
{
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EcdsaP256,
    EcdsaP384,
}
