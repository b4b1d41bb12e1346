using System.Formats.Asn1;

namespace DocExchange.Signing.Pki;

/// <summary>The QCStatements extension carrying only a QcType (ETSI EN 319 412-5 §4.2.3).</summary>
internal static class QcStatements
{
    public static X509Extension CreateQcType(string qcTypeOid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.QcType);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(qcTypeOid);
                }
            }
        }
        return new X509Extension(Oids.QcStatements, writer.Encode(), critical: false);
    }

    /// <summary>The QcType OIDs the certificate declares, empty when none or malformed.</summary>
    public static IReadOnlyList<string> ReadQcTypes(X509Certificate2 certificate)
    {
        var result = new List<string>();
        var extension = certificate.Extensions[Oids.QcStatements];
        if (extension is null)
        {
            return result;
        }
        try
        {
            var statements = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (statements.HasData)
            {
                var statement = statements.ReadSequence();
                if (statement.ReadObjectIdentifier() != Oids.QcType || !statement.HasData)
                {
                    continue;
                }
                var types = statement.ReadSequence();
                while (types.HasData)
                {
                    result.Add(types.ReadObjectIdentifier());
                }
            }
        }
        catch (AsnContentException)
        {
            result.Clear();
        }
        return result;
    }
}
