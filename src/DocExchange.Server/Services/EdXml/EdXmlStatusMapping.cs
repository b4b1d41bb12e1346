using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Statuses;
using DocExchange.EdXml.Model;
using DocExchange.Server.Authorization;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// The one mapping between a stored or posted status and edXML's Status header (docs/EDXML.md). ResponseFor names the
/// document by its sender, number/notation, date and id; From is the reporting agency.
/// </summary>
internal static class EdXmlStatusMapping
{
    private const string Path = "edXMLHeader/Status";

    public static EdXmlStatus ToEdXml(StatusRecord status) => new(
        new EdXmlResponseFor(status.DocumentId.Sender, CodeOf(status.DocumentId), status.DocumentId.Date, status.DocumentId),
        new EdXmlOrganization(status.Reporter),
        status.Code,
        status.Description,
        status.Timestamp,
        status.Staff);

    /// <summary>The post a status package stands for; the reporter is the caller, and only the caller.</summary>
    public static StatusPost ToPost(EdXmlStatus status, AgencyCode caller, string? messageId)
    {
        var from = status.From;
        if (from.OrganId != caller)
        {
            throw new CallerImpersonationException($"{Path}/From/OrganId", from.OrganId.Value,
                $"the status package names {from.OrganId} as the reporter, but the caller is {caller}: an agency reports only as itself");
        }
        if (from.OrganizationInCharge is not null || from.OrganName.Length > 0 || from.OrganAdd.Length > 0 || from.Email.Length > 0
            || from.Telephone.Length > 0 || from.Fax.Length > 0 || from.Website.Length > 0)
        {
            // The exchange records the reporter by its code; its contact details live in the registry.
            throw ExchangeException.InvalidArgument(
                $"not supported: edXML element {Path}/From holds contact details (OrganizationInCharge, OrganName, OrganAdd, Email, Telephone, Fax, Website), which a status does not carry in the exchange: send From/OrganId only");
        }
        var target = status.ResponseFor;
        var id = target.DocumentId;
        if (target.OrganId != id.Sender)
        {
            throw Mismatch("ResponseFor/OrganId", target.OrganId.Value, id.Sender.Value, id);
        }
        if (!string.Equals(target.Code, CodeOf(id), StringComparison.Ordinal))
        {
            throw Mismatch("ResponseFor/Code", target.Code, CodeOf(id), id);
        }
        if (target.PromulgationDate is { } date && date != id.Date)
        {
            throw Mismatch("ResponseFor/PromulgationDate", DocumentId.FormatDate(date), DocumentId.FormatDate(id.Date), id);
        }
        return new StatusPost(caller, id.ToString(), status.Code, status.Description, status.Timestamp, status.Staff, messageId);
    }

    private static string CodeOf(DocumentId id) => $"{id.CodeNumber}/{id.CodeNotation}";

    private static ExchangeException Mismatch(string element, string given, string expected, DocumentId id) =>
        ExchangeException.InvalidArgument($"edXML element {Path}/{element} is '{given}', but document {id} says '{expected}'");
}
