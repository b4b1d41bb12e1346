using DocExchange.Core.Agencies;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Writing;
using DocExchange.Protocol.V1;
using CoreDocumentId = DocExchange.Core.Documents.DocumentId;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// A native header and parts written as an edXML package by the library's writer (EdXmlPackageWriter), as the client
/// library and dx do. The translation to the library's model is written here, field by field, not taken from the server.
/// </summary>
internal static class LibraryPackage
{
    public static async Task<byte[]> WriteAsync(DocumentHeader h, IReadOnlyList<GeneratedPart> parts)
    {
        var other = h.OtherInfo ?? new OtherInfo();
        var header = new EdXmlMessageHeader(
            Organization(h.From),
            h.To.Select(Organization).ToList(),
            h.Code.CodeNumber,
            h.Code.CodeNotation,
            h.Subject,
            Promulgation: new EdXmlPromulgation(h.PromulgationInfo?.Place ?? "", Date(h.PromulgationInfo?.PromulgationDate)),
            DocumentType: new EdXmlDocumentType(h.DocumentType?.Type ?? 0, h.DocumentType?.TypeName ?? ""),
            Content: h.Content,
            Signer: new EdXmlSigner(h.SignerInfo?.Competence ?? "", h.SignerInfo?.Position ?? "", h.SignerInfo?.FullName ?? ""),
            DueDate: Date(h.DueDate),
            ToPlaces: h.ToPlaces.ToList(),
            OtherInfo: new EdXmlOtherInfo((DocumentPriority)(int)other.Priority, other.SphereOfPromulgation, other.TyperNotation,
                other.PromulgationAmount, other.PageAmount, other.Appendixes.ToList()),
            SteeringType: h.SteeringType,
            ResponseFor: h.ResponseFor.Select(r => new EdXmlResponseFor(AgencyCode.Parse(r.OrganId), r.Code, Date(r.PromulgationDate), CoreDocumentId.Parse(r.DocumentId))).ToList(),
            Business: h.Business is { } b
                ? new EdXmlBusiness(
                    (Core.Documents.BusinessDocType)(int)b.BusinessDocType,
                    b.BusinessDocReason,
                    b.DocumentId.Length == 0 ? null : CoreDocumentId.Parse(b.DocumentId),
                    b.ReceiverChanges.Select(c => new EdXmlReceiverChange(AgencyCode.Parse(c.OrganId), (DocExchange.EdXml.Model.ReceiverChangeType)(int)c.ReceiverType)).ToList(),
                    b.ReplacedDocumentIds.Select(CoreDocumentId.Parse).ToList(),
                    b.StaffInfo is { } s ? new Core.Statuses.StaffInfo(s.Department, s.Staff, s.Mobile, s.Email) : null)
                : null);
        var attachments = parts.Select(p => new EdXmlOutgoingAttachment(
            new EdXmlReference(p.Info.PartId, p.Info.ContentType, p.Info.FileName),
            _ => ValueTask.FromResult<Stream>(new MemoryStream(p.Content, writable: false)))).ToList();
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteDocumentAsync(output, header, attachments, new EdXmlWriterOptions(), null, CancellationToken.None);
        return output.ToArray();
    }

    private static EdXmlOrganization Organization(Organization o) => new(
        AgencyCode.Parse(o.OrganId),
        o.OrganizationInCharge.Length == 0 ? null : AgencyCode.Parse(o.OrganizationInCharge),
        o.OrganName, o.OrganAdd, o.Email, o.Telephone, o.Fax, o.Website);

    private static DateOnly? Date(string? text) => string.IsNullOrEmpty(text) ? null : CoreDocumentId.TryParseDate(text, out var date) ? date : throw new FormatException(text);
}
