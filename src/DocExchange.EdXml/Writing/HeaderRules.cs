using System.Xml;
using DocExchange.EdXml.Model;

namespace DocExchange.EdXml.Writing;

/// <summary>
/// What a package must hold before it is written, so that what we write is what we read back: the mandatory fields
/// and text that XML can carry. Each problem is an <see cref="EdXmlException"/> naming the element.
/// </summary>
internal static class HeaderRules
{
    public static void Check(EdXmlMessageHeader header, IReadOnlyList<EdXmlReference> manifest)
    {
        const string path = "edXMLHeader/MessageHeader";
        Agency(header.From.OrganId, $"{path}/From/OrganId");
        if (header.To.Count == 0) throw EdXmlException.Missing($"{path}/To");
        foreach (var to in header.To) Agency(to.OrganId, $"{path}/To/OrganId");
        Required(header.CodeNumber, $"{path}/Code/CodeNumber");
        Required(header.CodeNotation, $"{path}/Code/CodeNotation");
        Required(header.Subject, $"{path}/Subject");
        if (!Enum.IsDefined(header.OtherInfo.Priority))
            throw EdXmlException.Invalid($"{path}/OtherInfo/Priority", $"{(int)header.OtherInfo.Priority} is not a priority from 0 to 4");
        if (header.DocumentType.Type < 0 || header.OtherInfo.PageAmount < 0 || header.OtherInfo.PromulgationAmount < 0 || header.SteeringType < 0)
            throw EdXmlException.Invalid(path, "Type, PageAmount, PromulgationAmount and SteeringType may not be negative");
        if (header.Business is { } business && !Enum.IsDefined(business.DocType))
            throw EdXmlException.Invalid($"{path}/Bussiness/BussinessDocType", $"{(int)business.DocType} is not a business type from 0 to 3");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in manifest)
        {
            const string where = "edXMLBody/edXMLManifest/Reference";
            Required(reference.ContentId, $"{where}/ContentId");
            if (reference.ContentId.Trim() != reference.ContentId || reference.ContentId.StartsWith(EdXmlNames.CidPrefix, StringComparison.OrdinalIgnoreCase))
                throw EdXmlException.Invalid($"{where}/ContentId", $"'{reference.ContentId}' must be a bare id without spaces or the cid: prefix");
            if (!ids.Add(reference.ContentId)) throw EdXmlException.Invalid($"{where}/ContentId", $"'{reference.ContentId}' names two attachments");
            Required(reference.ContentType, $"{where}/ContentType");
            Required(reference.AttachmentName, $"{where}/AttachmentName");
        }
    }

    public static void Check(EdXmlStatus status)
    {
        Agency(status.From.OrganId, "edXMLHeader/Status/From/OrganId");
        Agency(status.ResponseFor.OrganId, "edXMLHeader/Status/ResponseFor/OrganId");
        if (!Enum.IsDefined(status.Code))
            throw EdXmlException.Invalid("edXMLHeader/Status/StatusCode", $"{(int)status.Code} is not a status code; expected 01–06, 13, 15 or 16");
    }

    /// <summary>Text fields are checked where they are written: see <see cref="EnvelopeWriter"/>.</summary>
    public static void Characters(string value, string element)
    {
        try
        {
            XmlConvert.VerifyXmlChars(value);
        }
        catch (XmlException)
        {
            throw EdXmlException.Invalid(element, "holds a character XML cannot carry (a control character or a lone surrogate)");
        }
    }

    private static void Required(string value, string element)
    {
        if (string.IsNullOrWhiteSpace(value)) throw EdXmlException.Missing(element);
    }

    private static void Agency(Core.Agencies.AgencyCode code, string element)
    {
        if (code.IsEmpty) throw EdXmlException.Missing(element);
    }
}
