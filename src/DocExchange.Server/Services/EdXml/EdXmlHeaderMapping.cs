using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.EdXml.Model;
using DocExchange.Server.Services.Mapping;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// The one mapping between the native DocumentHeader and edXML's MessageHeader (docs/EDXML.md), total in both
/// directions: every field goes across, and a value that cannot is refused naming the element and the field.
/// </summary>
internal static class EdXmlHeaderMapping
{
    private const string Path = "MessageHeader";

    public static Proto.DocumentHeader ToProto(EdXmlMessageHeader header)
    {
        var proto = new Proto.DocumentHeader
        {
            From = ToProto(header.From),
            Code = new Proto.DocumentCode { CodeNumber = header.CodeNumber, CodeNotation = header.CodeNotation },
            PromulgationInfo = new Proto.PromulgationInfo { Place = header.Promulgation.Place, PromulgationDate = Format(header.Promulgation.Date) },
            DocumentType = new Proto.DocumentType { Type = header.DocumentType.Type, TypeName = header.DocumentType.TypeName },
            Subject = header.Subject,
            Content = header.Content,
            SignerInfo = new Proto.SignerInfo { Competence = header.Signer.Competence, Position = header.Signer.Position, FullName = header.Signer.FullName },
            DueDate = Format(header.DueDate),
            OtherInfo = new Proto.OtherInfo
            {
                Priority = (Proto.Priority)(int)header.OtherInfo.Priority,
                SphereOfPromulgation = header.OtherInfo.SphereOfPromulgation,
                TyperNotation = header.OtherInfo.TyperNotation,
                PromulgationAmount = header.OtherInfo.PromulgationAmount,
                PageAmount = header.OtherInfo.PageAmount,
                Appendixes = { header.OtherInfo.Appendixes },
            },
            SteeringType = header.SteeringType,
            DocumentId = header.DocumentId?.ToString() ?? string.Empty,
        };
        proto.To.AddRange(header.To.Select(ToProto));
        proto.ToPlaces.AddRange(header.ToPlaces);
        proto.ResponseFor.AddRange(header.ResponseFor.Select(r => new Proto.ResponseFor
        {
            OrganId = r.OrganId.Value,
            Code = r.Code,
            PromulgationDate = Format(r.PromulgationDate),
            DocumentId = r.DocumentId.ToString(),
        }));
        proto.TraceHeaders.AddRange(header.Trace.Select(hop => new Proto.TraceHeader { OrganId = hop.OrganId.Value, Timestamp = hop.Timestamp.ToProto() }));
        if (header.Business is { } business)
        {
            proto.Business = new Proto.Business
            {
                BusinessDocType = (Proto.BusinessDocType)(int)business.DocType,
                BusinessDocReason = business.Reason,
                DocumentId = business.DocumentId?.ToString() ?? string.Empty,
                StaffInfo = Mapping.StatusMapping.ToProto(business.Staff),
            };
            proto.Business.ReceiverChanges.AddRange(business.ReceiverChanges.Select(c => new Proto.ReceiverChange
            {
                OrganId = c.OrganId.Value,
                ReceiverType = (Proto.ReceiverChangeType)(int)c.ReceiverType,
            }));
            proto.Business.ReplacedDocumentIds.AddRange(business.ReplacedDocumentIds.Select(id => id.ToString()));
        }
        return proto;
    }

    public static EdXmlMessageHeader ToEdXml(Proto.DocumentHeader header)
    {
        var business = header.Business is { } b ? new EdXmlBusiness(
            (BusinessDocType)(int)b.BusinessDocType,
            b.BusinessDocReason,
            OptionalId(b.DocumentId, "business.document_id", $"{Path}/Bussiness/DocumentId"),
            b.ReceiverChanges.Select(c => new EdXmlReceiverChange(
                Agency(c.OrganId, "business.receiver_changes.organ_id", $"{Path}/Bussiness/ReceiverList/Receiver/OrganId"),
                (ReceiverChangeType)(int)c.ReceiverType)).ToList(),
            b.ReplacedDocumentIds.Select(id => Id(id, "business.replaced_document_ids", $"{Path}/Bussiness/ReplacementInfoList/ReplacementInfo/DocumentId")).ToList(),
            b.StaffInfo.ToDomain()) : null;
        var other = header.OtherInfo ?? new Proto.OtherInfo();
        return new EdXmlMessageHeader(
            ToEdXml(header.From ?? new Proto.Organization(), "from", $"{Path}/From"),
            header.To.Select(o => ToEdXml(o, "to", $"{Path}/To")).ToList(),
            header.Code?.CodeNumber ?? string.Empty,
            header.Code?.CodeNotation ?? string.Empty,
            header.Subject,
            OptionalId(header.DocumentId, "document_id", $"{Path}/DocumentId"),
            new EdXmlPromulgation(header.PromulgationInfo?.Place ?? string.Empty,
                Date(header.PromulgationInfo?.PromulgationDate, "promulgation_info.promulgation_date", $"{Path}/PromulgationInfo/PromulgationDate")),
            new EdXmlDocumentType(header.DocumentType?.Type ?? 0, header.DocumentType?.TypeName ?? string.Empty),
            header.Content,
            new EdXmlSigner(header.SignerInfo?.Competence ?? string.Empty, header.SignerInfo?.Position ?? string.Empty, header.SignerInfo?.FullName ?? string.Empty),
            Date(header.DueDate, "due_date", $"{Path}/DueDate"),
            header.ToPlaces.ToList(),
            new EdXmlOtherInfo((DocumentPriority)(int)other.Priority, other.SphereOfPromulgation, other.TyperNotation,
                other.PromulgationAmount, other.PageAmount, other.Appendixes.ToList()),
            header.SteeringType,
            header.ResponseFor.Select(r => new EdXmlResponseFor(
                Agency(r.OrganId, "response_for.organ_id", $"{Path}/ResponseFor/OrganId"),
                r.Code,
                Date(r.PromulgationDate, "response_for.promulgation_date", $"{Path}/ResponseFor/PromulgationDate"),
                Id(r.DocumentId, "response_for.document_id", $"{Path}/ResponseFor/DocumentId"))).ToList(),
            business,
            header.TraceHeaders.Select(t => new TraceHop(
                Agency(t.OrganId, "trace_headers.organ_id", "TraceHeaderList/TraceHeader/OrganId"),
                t.Timestamp?.ToDateTimeOffset() ?? throw Unmappable("trace_headers.timestamp", "TraceHeaderList/TraceHeader/Timestamp", "is missing"))).ToList());
    }

    public static Proto.Organization ToProto(EdXmlOrganization organization) => new()
    {
        OrganId = organization.OrganId.Value,
        OrganizationInCharge = organization.OrganizationInCharge?.Value ?? string.Empty,
        OrganName = organization.OrganName,
        OrganAdd = organization.OrganAdd,
        Email = organization.Email,
        Telephone = organization.Telephone,
        Fax = organization.Fax,
        Website = organization.Website,
    };

    public static EdXmlOrganization ToEdXml(Proto.Organization organization, string field, string element) => new(
        string.IsNullOrEmpty(organization.OrganId) ? default : Agency(organization.OrganId, $"{field}.organ_id", $"{element}/OrganId"),
        string.IsNullOrEmpty(organization.OrganizationInCharge) ? null
            : Agency(organization.OrganizationInCharge, $"{field}.organization_in_charge", $"{element}/OrganizationInCharge"),
        organization.OrganName, organization.OrganAdd, organization.Email, organization.Telephone, organization.Fax, organization.Website);

    /// <summary>edXML date form yyyy/MM/dd (QCVN 102:2016); empty when absent.</summary>
    public static string Format(DateOnly? date) => date is { } d ? DocumentId.FormatDate(d) : string.Empty;

    public static DateOnly? Date(string? text, string field, string element) =>
        string.IsNullOrEmpty(text) ? null
        : DocumentId.TryParseDate(text, out var date) ? date
        : throw Unmappable(field, element, $"'{text}' is not a date in the edXML form yyyy/MM/dd");

    public static AgencyCode Agency(string text, string field, string element) =>
        AgencyCode.TryParse(text, out var code, out var error) ? code : throw Unmappable(field, element, $"'{text}' is not an agency code: {error}");

    public static DocumentId Id(string text, string field, string element) =>
        DocumentId.TryParse(text, out var id, out var error) ? id : throw Unmappable(field, element, $"'{text}' is not a document id: {error}");

    private static DocumentId? OptionalId(string text, string field, string element) =>
        string.IsNullOrEmpty(text) ? null : Id(text, field, element);

    private static ExchangeException Unmappable(string field, string element, string problem) =>
        ExchangeException.InvalidArgument($"DocumentHeader.{field} cannot be carried as edXML {element}: {problem}");
}
