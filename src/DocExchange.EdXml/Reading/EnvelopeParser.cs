using System.Xml;
using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.EdXml.Model;

namespace DocExchange.EdXml.Reading;

/// <summary>Maps a loaded edXMLEnvelope to the domain: the element names and rules of docs/EDXML.md, total both ways.</summary>
internal sealed class EnvelopeParser(string ns, string businessSpelling)
{
    private static readonly string[] OrganizationFields = ["OrganId", "OrganizationInCharge", "OrganName", "OrganAdd", "Email", "Telephone", "Fax", "Website"];
    private static readonly string[] ResponseForFields = ["OrganId", "Code", "PromulgationDate", "DocumentId"];
    private static readonly string[] StaffFields = ["Department", "Staff", "Email", "Mobile"];

    public ParsedEnvelope Parse(XmlElement envelope, string envelopePath)
    {
        var parts = ElementFields.Of(envelope, envelopePath, ns, [EdXmlNames.Header, EdXmlNames.Body]);
        var headerElement = parts.Required(EdXmlNames.Header);
        var header = ElementFields.Of(headerElement, parts.PathOf(EdXmlNames.Header), ns, ["MessageHeader", "Status", "TraceHeaderList"], allowSignature: true);
        var message = header.One("MessageHeader");
        var status = header.One("Status");
        if (message is not null && status is not null)
            throw EdXmlException.Invalid(header.Path, "holds both MessageHeader and Status; a package is either a document or a status");
        var signature = header.Many(ElementFields.SignatureKey) switch
        {
            [] => null,
            [var one] => one,
            var many => throw EdXmlException.Invalid(header.PathOf("Signature"), $"appears {many.Count} times; at most once is allowed"),
        };

        var bodyElement = parts.One(EdXmlNames.Body);
        var manifest = bodyElement is null ? [] : Manifest(ElementFields.Of(bodyElement, parts.PathOf(EdXmlNames.Body), ns, [EdXmlNames.Manifest]));
        if (status is not null)
        {
            if (header.One("TraceHeaderList") is not null)
                throw EdXmlException.NotSupported(header.PathOf("TraceHeaderList"), "a status package carries no route");
            if (manifest.Count > 0)
                throw EdXmlException.NotSupported(parts.PathOf(EdXmlNames.Body), "a status package carries no attachments");
            return new ParsedEnvelope(null, Status(status, header.PathOf("Status")), manifest, headerElement, bodyElement, signature);
        }
        if (message is null) throw EdXmlException.Missing(header.PathOf("MessageHeader") + " (or Status)");
        var trace = header.One("TraceHeaderList") is { } list ? Trace(list, header.PathOf("TraceHeaderList")) : [];
        var messageHeader = MessageHeader(message, header.PathOf("MessageHeader")) with { Trace = trace };
        return new ParsedEnvelope(messageHeader, null, manifest, headerElement, bodyElement, signature);
    }

    private EdXmlMessageHeader MessageHeader(XmlElement element, string path)
    {
        var f = ElementFields.Of(element, path, ns,
        [
            "From", "To", "DocumentId", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content", "SignerInfo", "DueDate",
            "ToPlaces", "OtherInfo", "SteeringType", "ResponseFor", businessSpelling,
        ]);
        var to = f.Many("To").Select(e => Organization(e, f.PathOf("To"))).ToList();
        if (to.Count == 0) throw EdXmlException.Missing(f.PathOf("To"));
        var code = ElementFields.Of(f.Required("Code"), f.PathOf("Code"), ns, ["CodeNumber", "CodeNotation"]);
        var codeNumber = code.Text("CodeNumber", required: true);
        var codeNotation = code.Text("CodeNotation", required: true);

        var promulgation = f.One("PromulgationInfo") is { } p ? Promulgation(ElementFields.Of(p, f.PathOf("PromulgationInfo"), ns, ["Place", "PromulgationDate"])) : null;
        var type = f.One("DocumentType") is { } t ? DocumentType(ElementFields.Of(t, f.PathOf("DocumentType"), ns, ["Type", "TypeName"])) : null;
        var signer = f.One("SignerInfo") is { } s ? Signer(ElementFields.Of(s, f.PathOf("SignerInfo"), ns, ["Competence", "Position", "FullName"])) : null;
        var places = f.One("ToPlaces") is { } tp
            ? ElementFields.Of(tp, f.PathOf("ToPlaces"), ns, ["Place"]).Many("Place").Select(e => ElementFields.LeafText(e, f.PathOf("ToPlaces/Place"))).ToList()
            : [];
        var other = f.One("OtherInfo") is { } o ? OtherInfo(o, f.PathOf("OtherInfo")) : null;
        return new EdXmlMessageHeader(
            Organization(f.Required("From"), f.PathOf("From")),
            to,
            codeNumber,
            codeNotation,
            f.Text("Subject", required: true),
            DocumentId: OptionalDocumentId(f, "DocumentId"),
            Promulgation: promulgation,
            DocumentType: type,
            Content: f.Text("Content"),
            Signer: signer,
            DueDate: Date(f, "DueDate"),
            ToPlaces: places,
            OtherInfo: other,
            SteeringType: Integer(f, "SteeringType", 0, int.MaxValue),
            ResponseFor: f.Many("ResponseFor").Select(e => ResponseFor(e, f.PathOf("ResponseFor"))).ToList(),
            Business: f.One(businessSpelling) is { } b ? Business(b, f.PathOf(businessSpelling)) : null);
    }

    private static EdXmlPromulgation Promulgation(ElementFields f) => new(f.Text("Place"), Date(f, "PromulgationDate"));

    private static EdXmlDocumentType DocumentType(ElementFields f) => new(Integer(f, "Type", 0, int.MaxValue), f.Text("TypeName"));

    private static EdXmlSigner Signer(ElementFields f) => new(f.Text("Competence"), f.Text("Position"), f.Text("FullName"));

    private EdXmlOtherInfo OtherInfo(XmlElement element, string path)
    {
        var f = ElementFields.Of(element, path, ns, ["Priority", "SphereOfPromulgation", "TyperNotation", "PromulgationAmount", "PageAmount", "Appendixes"]);
        var appendixes = f.One("Appendixes") is { } a
            ? ElementFields.Of(a, f.PathOf("Appendixes"), ns, ["Appendix"]).Many("Appendix").Select(e => ElementFields.LeafText(e, f.PathOf("Appendixes/Appendix"))).ToList()
            : [];
        return new EdXmlOtherInfo(
            (DocumentPriority)Integer(f, "Priority", 0, 4),
            f.Text("SphereOfPromulgation"),
            f.Text("TyperNotation"),
            Integer(f, "PromulgationAmount", 0, int.MaxValue),
            Integer(f, "PageAmount", 0, int.MaxValue),
            appendixes);
    }

    private EdXmlBusiness Business(XmlElement element, string path)
    {
        var docType = businessSpelling + "DocType";
        var f = ElementFields.Of(element, path, ns, [docType, businessSpelling + "DocReason", "DocumentId", "ReceiverList", "ReplacementInfoList", "StaffInfo"]);
        if (f.One(docType) is null) throw EdXmlException.Missing(f.PathOf(docType));
        var changes = new List<EdXmlReceiverChange>();
        if (f.One("ReceiverList") is { } receivers)
        {
            var list = ElementFields.Of(receivers, f.PathOf("ReceiverList"), ns, ["Receiver"]);
            foreach (var receiver in list.Many("Receiver"))
            {
                var r = ElementFields.Of(receiver, list.PathOf("Receiver"), ns, ["ReceiverType", "OrganId"]);
                changes.Add(new EdXmlReceiverChange(Agency(r, "OrganId"), (ReceiverChangeType)Integer(r, "ReceiverType", 0, 1, required: true)));
            }
        }
        var replaced = new List<DocumentId>();
        if (f.One("ReplacementInfoList") is { } replacements)
        {
            var list = ElementFields.Of(replacements, f.PathOf("ReplacementInfoList"), ns, ["ReplacementInfo"]);
            foreach (var info in list.Many("ReplacementInfo"))
            {
                replaced.Add(RequiredDocumentId(ElementFields.Of(info, list.PathOf("ReplacementInfo"), ns, ["DocumentId"]), "DocumentId"));
            }
        }
        return new EdXmlBusiness(
            (BusinessDocType)Integer(f, docType, 0, 3, required: true),
            f.Text(businessSpelling + "DocReason"),
            OptionalDocumentId(f, "DocumentId"),
            changes,
            replaced,
            f.One("StaffInfo") is { } staff ? Staff(staff, f.PathOf("StaffInfo")) : null);
    }

    private EdXmlStatus Status(XmlElement element, string path)
    {
        var f = ElementFields.Of(element, path, ns, ["ResponseFor", "From", "StatusCode", "Description", "Timestamp", "StaffInfo"]);
        var codeText = f.Text("StatusCode", required: true).Trim();
        if (codeText.Length != 2 || !EdXmlText.TryParseInteger(codeText, out var code) || !Enum.IsDefined((StatusCode)code))
            throw EdXmlException.Invalid(f.PathOf("StatusCode"), $"'{codeText}' is not a status code; expected one of 01, 02, 03, 04, 05, 06, 13, 15, 16");
        return new EdXmlStatus(
            ResponseFor(f.Required("ResponseFor"), f.PathOf("ResponseFor")),
            Organization(f.Required("From"), f.PathOf("From")),
            (StatusCode)code,
            f.Text("Description"),
            Timestamp(f, "Timestamp"),
            f.One("StaffInfo") is { } staff ? Staff(staff, f.PathOf("StaffInfo")) : null);
    }

    private EdXmlOrganization Organization(XmlElement element, string path)
    {
        var f = ElementFields.Of(element, path, ns, OrganizationFields);
        var parent = f.Text("OrganizationInCharge").Trim();
        return new EdXmlOrganization(
            Agency(f, "OrganId"),
            parent.Length == 0 ? null : Agency(f, "OrganizationInCharge"),
            f.Text("OrganName"),
            f.Text("OrganAdd"),
            f.Text("Email"),
            f.Text("Telephone"),
            f.Text("Fax"),
            f.Text("Website"));
    }

    private EdXmlResponseFor ResponseFor(XmlElement element, string path)
    {
        var f = ElementFields.Of(element, path, ns, ResponseForFields);
        return new EdXmlResponseFor(Agency(f, "OrganId"), f.Text("Code"), Date(f, "PromulgationDate"), RequiredDocumentId(f, "DocumentId"));
    }

    private StaffInfo Staff(XmlElement element, string path)
    {
        var f = ElementFields.Of(element, path, ns, StaffFields);
        return new StaffInfo(f.Text("Department"), f.Text("Staff"), f.Text("Mobile"), f.Text("Email"));
    }

    private IReadOnlyList<TraceHop> Trace(XmlElement element, string path)
    {
        var list = ElementFields.Of(element, path, ns, ["TraceHeader"]);
        return list.Many("TraceHeader").Select(e =>
        {
            var f = ElementFields.Of(e, list.PathOf("TraceHeader"), ns, ["OrganId", "Timestamp"]);
            return new TraceHop(Agency(f, "OrganId"), Timestamp(f, "Timestamp"));
        }).ToList();
    }

    private List<EdXmlReference> Manifest(ElementFields body)
    {
        var manifest = body.One(EdXmlNames.Manifest);
        if (manifest is null) return [];
        var list = ElementFields.Of(manifest, body.PathOf(EdXmlNames.Manifest), ns, ["Reference"]);
        var references = new List<EdXmlReference>();
        foreach (var element in list.Many("Reference"))
        {
            var f = ElementFields.Of(element, list.PathOf("Reference"), ns, ["ContentId", "ContentType", "AttachmentName", "Description"]);
            var id = ContentIds.Bare(f.Text("ContentId", required: true), f.PathOf("ContentId"));
            if (references.Any(r => r.ContentId == id))
                throw EdXmlException.Invalid(f.PathOf("ContentId"), $"'{id}' names two manifest references; each attachment is listed once");
            references.Add(new EdXmlReference(id, f.Text("ContentType", required: true), f.Text("AttachmentName", required: true), f.Text("Description")));
        }
        return references;
    }

    private static AgencyCode Agency(ElementFields f, string name)
    {
        var text = f.Text(name, required: true).Trim();
        return AgencyCode.TryParse(text, out var code, out var error) ? code : throw EdXmlException.Invalid(f.PathOf(name), error);
    }

    private static DocumentId RequiredDocumentId(ElementFields f, string name) =>
        OptionalDocumentId(f, name) ?? throw EdXmlException.Missing(f.PathOf(name));

    private static DocumentId? OptionalDocumentId(ElementFields f, string name)
    {
        var text = f.Text(name).Trim();
        if (text.Length == 0) return null;
        return DocumentId.TryParse(text, out var id, out var error) ? id : throw EdXmlException.Invalid(f.PathOf(name), error);
    }

    private static DateOnly? Date(ElementFields f, string name)
    {
        var text = f.Text(name).Trim();
        if (text.Length == 0) return null;
        return DocumentId.TryParseDate(text, out var date)
            ? date
            : throw EdXmlException.Invalid(f.PathOf(name), $"'{text}' is not a date in the edXML form {EdXmlNames.DateFormat}");
    }

    private static DateTimeOffset Timestamp(ElementFields f, string name)
    {
        var text = f.Text(name, required: true).Trim();
        return EdXmlText.TryParseTimestamp(text, out var value)
            ? value
            : throw EdXmlException.Invalid(f.PathOf(name), $"'{text}' is not an ISO 8601 timestamp with its offset, such as 2026-12-05T09:30:00+07:00");
    }

    private static int Integer(ElementFields f, string name, int min, int max, bool required = false)
    {
        var text = f.Text(name, required).Trim();
        if (text.Length == 0) return 0;
        return EdXmlText.TryParseInteger(text, out var value) && value >= min && value <= max
            ? value
            : throw EdXmlException.Invalid(f.PathOf(name), $"'{text}' is not an integer from {min} to {max}");
    }
}

/// <summary>An envelope mapped to the domain, with the elements its signature covers.</summary>
internal sealed record ParsedEnvelope(
    EdXmlMessageHeader? Header,
    EdXmlStatus? Status,
    IReadOnlyList<EdXmlReference> Manifest,
    XmlElement HeaderElement,
    XmlElement? BodyElement,
    XmlElement? Signature);
