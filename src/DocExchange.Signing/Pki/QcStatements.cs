using DocExchange.Signing.Cms;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509.Qualified;

namespace DocExchange.Signing.Pki;

/// <summary>The QCStatements extension carrying only a QcType (ETSI EN 319 412-5 §4.2.3), in BouncyCastle's types.</summary>
internal static class QcStatements
{
    public static X509Extension CreateQcType(string qcTypeOid)
    {
        var statement = new QCStatement(new DerObjectIdentifier(Oids.QcType), new DerSequence(new DerObjectIdentifier(qcTypeOid)));
        return new X509Extension(Oids.QcStatements, new DerSequence(statement).GetEncoded(Asn1Encodable.Der), critical: false);
    }

    /// <summary>The QcType OIDs the certificate declares, empty when none or malformed.</summary>
    public static IReadOnlyList<string> ReadQcTypes(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[Oids.QcStatements];
        if (extension is null)
        {
            return [];
        }
        try
        {
            return [.. Asn1Sequence.GetInstance(extension.RawData)
                .Select(QCStatement.GetInstance)
                .Where(s => s.StatementId.Id == Oids.QcType && s.StatementInfo is not null)
                .SelectMany(s => Asn1Sequence.GetInstance(s.StatementInfo).Select(t => DerObjectIdentifier.GetInstance(t).Id))];
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            return [];
        }
    }
}
