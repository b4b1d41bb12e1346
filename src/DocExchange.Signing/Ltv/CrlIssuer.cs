using System.Text;
using BcCrlParser = Org.BouncyCastle.X509.X509CrlParser;

namespace DocExchange.Signing.Ltv;

/// <summary>Reads a CRL's issuer name, so only the CRLs that concern a document's certificates are embedded.</summary>
internal static class CrlIssuer
{
    /// <summary>The DER-encoded issuer name, and the CRL as DER; null when it cannot be parsed.</summary>
    public static (byte[] Issuer, byte[] Der)? Read(byte[] encoded)
    {
        try
        {
            var der = encoded.Length > 0 && encoded[0] == (byte)'-' ? PemToDer(encoded) : encoded;
            var crl = new BcCrlParser().ReadCrl(der);
            return crl is null ? null : (crl.IssuerDN.GetEncoded(), crl.GetEncoded());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static byte[] PemToDer(byte[] pem)
    {
        var text = Encoding.ASCII.GetString(pem);
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
