using System.Text;
using System.Xml;
using DocExchange.Core.Statuses;
using DocExchange.EdXml.Model;

namespace DocExchange.EdXml.Writing;

/// <summary>
/// Writes the edXMLEnvelope (header and manifest) of a package as a small standalone document, the element order
/// and names of docs/EDXML.md. The envelope is signed in this form and then copied into the streamed package.
/// </summary>
internal sealed class EnvelopeWriter
{
    private readonly XmlWriter _xml;
    private readonly string _business;

    private EnvelopeWriter(XmlWriter xml, string businessSpelling)
    {
        _xml = xml;
        _business = businessSpelling;
    }

    public static XmlDocument ForDocument(EdXmlMessageHeader header, IReadOnlyList<EdXmlReference> manifest, EdXmlWriterOptions options) =>
        Build(options, w =>
        {
            w.MessageHeader(header);
            w.TraceHeaders(header);
        }, manifest);

    public static XmlDocument ForStatus(EdXmlStatus status, EdXmlWriterOptions options) =>
        Build(options, w => w.Status(status), []);

    private static XmlDocument Build(EdXmlWriterOptions options, Action<EnvelopeWriter> header, IReadOnlyList<EdXmlReference> manifest)
    {
        var buffer = new StringBuilder();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false, NewLineHandling = NewLineHandling.Entitize }))
        {
            var w = new EnvelopeWriter(xml, options.BusinessSpelling);
            xml.WriteStartElement(EdXmlNames.Prefix, EdXmlNames.Envelope, EdXmlNames.Namespace);
            xml.WriteAttributeString("xmlns", EdXmlNames.Prefix, null, EdXmlNames.Namespace);
            xml.WriteStartElement(EdXmlNames.Prefix, EdXmlNames.Header, EdXmlNames.Namespace);
            xml.WriteAttributeString(EdXmlNames.IdAttribute, EdXmlNames.HeaderId);
            header(w);
            xml.WriteEndElement();
            xml.WriteStartElement(EdXmlNames.Prefix, EdXmlNames.Body, EdXmlNames.Namespace);
            xml.WriteAttributeString(EdXmlNames.IdAttribute, EdXmlNames.BodyId);
            w.Start(EdXmlNames.Manifest);
            foreach (var reference in manifest)
            {
                w.Start("Reference");
                w.Leaf("ContentId", EdXmlNames.CidPrefix + reference.ContentId);
                w.Leaf("ContentType", reference.ContentType);
                w.Leaf("AttachmentName", reference.AttachmentName);
                w.Leaf("Description", reference.Description);
                w.End();
            }
            w.End();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(buffer.ToString());
        return document;
    }

    private void MessageHeader(EdXmlMessageHeader h)
    {
        Start("MessageHeader");
        Organization("From", h.From);
        foreach (var to in h.To) Organization("To", to);
        if (h.DocumentId is { } id) Leaf("DocumentId", id.ToString());
        Start("Code");
        Leaf("CodeNumber", h.CodeNumber);
        Leaf("CodeNotation", h.CodeNotation);
        End();
        Start("PromulgationInfo");
        Leaf("Place", h.Promulgation.Place);
        Leaf("PromulgationDate", h.Promulgation.Date is { } date ? EdXmlText.Date(date) : string.Empty);
        End();
        Start("DocumentType");
        Leaf("Type", EdXmlText.Integer(h.DocumentType.Type));
        Leaf("TypeName", h.DocumentType.TypeName);
        End();
        Leaf("Subject", h.Subject);
        Leaf("Content", h.Content);
        Start("SignerInfo");
        Leaf("Competence", h.Signer.Competence);
        Leaf("Position", h.Signer.Position);
        Leaf("FullName", h.Signer.FullName);
        End();
        if (h.DueDate is { } due) Leaf("DueDate", EdXmlText.Date(due));
        Start("ToPlaces");
        foreach (var place in h.ToPlaces) Leaf("Place", place);
        End();
        Start("OtherInfo");
        Leaf("Priority", EdXmlText.Integer((int)h.OtherInfo.Priority));
        Leaf("SphereOfPromulgation", h.OtherInfo.SphereOfPromulgation);
        Leaf("TyperNotation", h.OtherInfo.TyperNotation);
        Leaf("PromulgationAmount", EdXmlText.Integer(h.OtherInfo.PromulgationAmount));
        Leaf("PageAmount", EdXmlText.Integer(h.OtherInfo.PageAmount));
        Start("Appendixes");
        foreach (var appendix in h.OtherInfo.Appendixes) Leaf("Appendix", appendix);
        End();
        End();
        Leaf("SteeringType", EdXmlText.Integer(h.SteeringType));
        foreach (var response in h.ResponseFor) ResponseFor(response);
        if (h.Business is { } business) Business(business);
        End();
    }

    private void TraceHeaders(EdXmlMessageHeader h)
    {
        Start("TraceHeaderList");
        foreach (var hop in h.Trace)
        {
            Start("TraceHeader");
            Leaf("OrganId", hop.OrganId.Value);
            Leaf("Timestamp", EdXmlText.Timestamp(hop.Timestamp));
            End();
        }
        End();
    }

    private void Status(EdXmlStatus s)
    {
        Start("Status");
        ResponseFor(s.ResponseFor);
        Organization("From", s.From);
        Leaf("StatusCode", s.Code.ToEdxml());
        Leaf("Description", s.Description);
        Leaf("Timestamp", EdXmlText.Timestamp(s.Timestamp));
        Staff(s.Staff);
        End();
    }

    private void Business(EdXmlBusiness b)
    {
        Start(_business);
        Leaf(_business + "DocType", EdXmlText.Integer((int)b.DocType));
        Leaf(_business + "DocReason", b.Reason);
        if (b.DocumentId is { } id) Leaf("DocumentId", id.ToString());
        Start("ReceiverList");
        foreach (var change in b.ReceiverChanges)
        {
            Start("Receiver");
            Leaf("ReceiverType", EdXmlText.Integer((int)change.ReceiverType));
            Leaf("OrganId", change.OrganId.Value);
            End();
        }
        End();
        Start("ReplacementInfoList");
        foreach (var replaced in b.ReplacedDocumentIds)
        {
            Start("ReplacementInfo");
            Leaf("DocumentId", replaced.ToString());
            End();
        }
        End();
        Staff(b.Staff);
        End();
    }

    private void ResponseFor(EdXmlResponseFor r)
    {
        Start("ResponseFor");
        Leaf("OrganId", r.OrganId.Value);
        Leaf("Code", r.Code);
        Leaf("PromulgationDate", r.PromulgationDate is { } date ? EdXmlText.Date(date) : string.Empty);
        Leaf("DocumentId", r.DocumentId.ToString());
        End();
    }

    private void Organization(string name, EdXmlOrganization o)
    {
        Start(name);
        Leaf("OrganId", o.OrganId.Value);
        Leaf("OrganizationInCharge", o.OrganizationInCharge?.Value ?? string.Empty);
        Leaf("OrganName", o.OrganName);
        Leaf("OrganAdd", o.OrganAdd);
        Leaf("Email", o.Email);
        Leaf("Telephone", o.Telephone);
        Leaf("Fax", o.Fax);
        Leaf("Website", o.Website);
        End();
    }

    private void Staff(StaffInfo staff)
    {
        Start("StaffInfo");
        Leaf("Department", staff.Department);
        Leaf("Staff", staff.Staff);
        Leaf("Email", staff.Email);
        Leaf("Mobile", staff.Mobile);
        End();
    }

    private void Start(string name) => _xml.WriteStartElement(EdXmlNames.Prefix, name, EdXmlNames.Namespace);

    private void End() => _xml.WriteEndElement();

    private void Leaf(string name, string value)
    {
        HeaderRules.Characters(value, name);
        _xml.WriteElementString(EdXmlNames.Prefix, name, EdXmlNames.Namespace, value);
    }
}
