using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace DocExchange.EdXml.Signatures;

/// <summary>
/// Signs an envelope with XML-DSig (https://www.w3.org/TR/xmldsig-core1/) by an agency's key: an enveloped
/// <c>Signature</c>, last child of <c>edXMLHeader</c>, with same-document references to the header and to the body
/// (the manifest) by their <c>Id</c>, exclusive canonicalisation, SHA-256, and the signer's certificate (and chain)
/// in <c>KeyInfo</c>. RSA (rsa-sha256) and ECDSA (ecdsa-sha256) keys are supported.
/// </summary>
public sealed class EdXmlEnvelopeSigner
{
    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyList<X509Certificate2> _chain;

    public EdXmlEnvelopeSigner(X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? chain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("The signing certificate has no private key.", nameof(certificate));
        _certificate = certificate;
        _chain = chain ?? [];
    }

    internal void Sign(XmlDocument envelope)
    {
        EcdsaSignatureDescription.EnsureRegistered();
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)_certificate.GetRSAPrivateKey() ?? _certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The signing certificate's key is neither RSA nor ECDSA.");
        try
        {
            var signed = new SignedXml(envelope) { SigningKey = key };
            signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
            signed.SignedInfo.SignatureMethod = key is RSA ? SignedXml.XmlDsigRSASHA256Url : EcdsaSignatureDescription.Sha256Url;
            signed.AddReference(Reference(EdXmlNames.HeaderId, enveloped: true));
            signed.AddReference(Reference(EdXmlNames.BodyId, enveloped: false));
            var certificates = new KeyInfoX509Data(_certificate);
            foreach (var issuer in _chain) certificates.AddCertificate(issuer);
            signed.KeyInfo = new KeyInfo();
            signed.KeyInfo.AddClause(certificates);
            signed.ComputeSignature();
            var header = (XmlElement)envelope.DocumentElement!.GetElementsByTagName(EdXmlNames.Header, EdXmlNames.Namespace)[0]!;
            header.AppendChild(envelope.ImportNode(signed.GetXml(), deep: true));
        }
        finally
        {
            key.Dispose();
        }
    }

    private static Reference Reference(string id, bool enveloped)
    {
        var reference = new Reference("#" + id) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        if (enveloped) reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        return reference;
    }
}
