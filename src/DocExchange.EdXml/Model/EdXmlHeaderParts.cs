using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;

namespace DocExchange.EdXml.Model;

/// <summary>edXML PromulgationInfo: where and when the document was promulgated.</summary>
public sealed record EdXmlPromulgation(string Place = "", DateOnly? Date = null);

/// <summary>edXML DocumentType: the type code and its name (Công văn, Quyết định…).</summary>
public sealed record EdXmlDocumentType(int Type = 0, string TypeName = "");

/// <summary>edXML SignerInfo: competence (TL., KT., …), position and full name.</summary>
public sealed record EdXmlSigner(string Competence = "", string Position = "", string FullName = "");

/// <summary>edXML OtherInfo.</summary>
public sealed record EdXmlOtherInfo(
    DocumentPriority Priority = DocumentPriority.Normal,
    string SphereOfPromulgation = "",
    string TyperNotation = "",
    int PromulgationAmount = 0,
    int PageAmount = 0,
    IReadOnlyList<string>? Appendixes = null)
{
    public IReadOnlyList<string> Appendixes { get; init; } = Appendixes ?? [];
}

/// <summary>edXML ResponseFor: the document answered (in a message header) or reported on (in a status).</summary>
/// <param name="Code">The answered document's number and notation, <c>{number}/{notation}</c>.</param>
public sealed record EdXmlResponseFor(AgencyCode OrganId, string Code, DateOnly? PromulgationDate, DocumentId DocumentId);

/// <summary>A recipient-list change of the business block: ReceiverType 0 removed, 1 added.</summary>
public sealed record EdXmlReceiverChange(AgencyCode OrganId, ReceiverChangeType ReceiverType);

public enum ReceiverChangeType
{
    Removed = 0,
    Added = 1,
}

/// <summary>edXML Bussiness: the business action (0 new, 1 recall, 2 update, 3 replace) and what it acts on.</summary>
public sealed record EdXmlBusiness(
    BusinessDocType DocType,
    string Reason = "",
    DocumentId? DocumentId = null,
    IReadOnlyList<EdXmlReceiverChange>? ReceiverChanges = null,
    IReadOnlyList<DocumentId>? ReplacedDocumentIds = null,
    StaffInfo? Staff = null)
{
    public IReadOnlyList<EdXmlReceiverChange> ReceiverChanges { get; init; } = ReceiverChanges ?? [];

    public IReadOnlyList<DocumentId> ReplacedDocumentIds { get; init; } = ReplacedDocumentIds ?? [];

    public StaffInfo Staff { get; init; } = Staff ?? StaffInfo.Empty;
}
