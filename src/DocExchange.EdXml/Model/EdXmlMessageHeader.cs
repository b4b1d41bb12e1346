using DocExchange.Core.Documents;

namespace DocExchange.EdXml.Model;

/// <summary>
/// The edXML MessageHeader of a document (QCVN 102:2016; docs/STANDARDS.md), field for field as the protobuf
/// DocumentHeader holds it, plus the route (TraceHeaderList).
/// </summary>
/// <param name="DocumentId">Assigned by the exchange; none in a package that has not been sent yet.</param>
public sealed record EdXmlMessageHeader(
    EdXmlOrganization From,
    IReadOnlyList<EdXmlOrganization> To,
    string CodeNumber,
    string CodeNotation,
    string Subject,
    DocumentId? DocumentId = null,
    EdXmlPromulgation? Promulgation = null,
    EdXmlDocumentType? DocumentType = null,
    string Content = "",
    EdXmlSigner? Signer = null,
    DateOnly? DueDate = null,
    IReadOnlyList<string>? ToPlaces = null,
    EdXmlOtherInfo? OtherInfo = null,
    int SteeringType = 0,
    IReadOnlyList<EdXmlResponseFor>? ResponseFor = null,
    EdXmlBusiness? Business = null,
    IReadOnlyList<TraceHop>? Trace = null)
{
    public EdXmlPromulgation Promulgation { get; init; } = Promulgation ?? new();

    public EdXmlDocumentType DocumentType { get; init; } = DocumentType ?? new();

    public EdXmlSigner Signer { get; init; } = Signer ?? new();

    public IReadOnlyList<string> ToPlaces { get; init; } = ToPlaces ?? [];

    public EdXmlOtherInfo OtherInfo { get; init; } = OtherInfo ?? new();

    public IReadOnlyList<EdXmlResponseFor> ResponseFor { get; init; } = ResponseFor ?? [];

    public IReadOnlyList<TraceHop> Trace { get; init; } = Trace ?? [];
}
