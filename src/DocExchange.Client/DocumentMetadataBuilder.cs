using DocExchange.Core.Agencies;
using DocExchange.Protocol.V1;
using BusinessDocType = DocExchange.Protocol.V1.BusinessDocType;
using DocumentId = DocExchange.Core.Documents.DocumentId;

namespace DocExchange.Client;

/// <summary>
/// Builds the edXML header (QCVN 102:2016 MessageHeader) of an outgoing document, fluently. Each method checks
/// its value at once and throws <see cref="ArgumentException"/> naming the expected form, so a malformed agency
/// code or document id is caught before anything is sent.
/// </summary>
public sealed class DocumentMetadataBuilder
{
    private readonly DocumentHeader _header = new();

    /// <summary>Adds recipients by agency code (QCVN 102:2016 form DDD.CC.BB.Xnn, e.g. 000.00.00.H41).</summary>
    public DocumentMetadataBuilder To(params string[] agencyCodes)
    {
        ArgumentNullException.ThrowIfNull(agencyCodes);
        foreach (var code in agencyCodes)
        {
            To(new Organization { OrganId = code });
        }

        return this;
    }

    /// <summary>Adds a recipient with its edXML contact fields; its organ_id must be a well-formed agency code.</summary>
    public DocumentMetadataBuilder To(Organization recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var code = ParseAgencyCode(recipient.OrganId, "recipient");
        if (_header.To.Any(o => o.OrganId == code.Value))
        {
            throw new ArgumentException($"Recipient {code} is listed twice: list each recipient once.", nameof(recipient));
        }

        var copy = recipient.Clone();
        copy.OrganId = code.Value;
        _header.To.Add(copy);
        return this;
    }

    /// <summary>The sender's own contact fields (edXML From). Its code always comes from the client certificate.</summary>
    public DocumentMetadataBuilder SenderContact(Organization contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        _header.From = contact.Clone();
        return this;
    }

    /// <summary>Number and notation (số, ký hiệu), e.g. "7816" and "VPCP-TTĐT".</summary>
    public DocumentMetadataBuilder Code(string number, string notation)
    {
        if (DocumentId.ValidateCode(number, notation) is { } problem)
        {
            throw new ArgumentException($"Document code: {problem}.", nameof(number));
        }

        _header.Code = new DocumentCode { CodeNumber = number.Trim(), CodeNotation = notation.Trim() };
        return this;
    }

    /// <summary>The subject (trích yếu).</summary>
    public DocumentMetadataBuilder Subject(string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        _header.Subject = subject;
        return this;
    }

    /// <summary>A summary of the content (edXML Content).</summary>
    public DocumentMetadataBuilder Content(string summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _header.Content = summary;
        return this;
    }

    /// <summary>The document type: the edXML code and its name, e.g. 1 and "Công văn".</summary>
    public DocumentMetadataBuilder Type(int type, string typeName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        _header.DocumentType = new DocumentType { Type = type, TypeName = typeName };
        return this;
    }

    /// <summary>Who signed: full name, position and competence (TL., KT., TM., …).</summary>
    public DocumentMetadataBuilder Signer(string fullName, string? position = null, string? competence = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        _header.SignerInfo = new SignerInfo { FullName = fullName, Position = position ?? string.Empty, Competence = competence ?? string.Empty };
        return this;
    }

    /// <summary>The priority (edXML OtherInfo/Priority: thường, khẩn, thượng khẩn, hỏa tốc, hỏa tốc hẹn giờ).</summary>
    public DocumentMetadataBuilder Priority(Priority priority)
    {
        if (!Enum.IsDefined(priority))
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Priority must be 0 (normal) to 4 (express, scheduled).");
        }

        OtherInfo.Priority = priority;
        return this;
    }

    /// <summary>The date by which the recipients must handle the document.</summary>
    public DocumentMetadataBuilder DueDate(DateOnly dueDate)
    {
        _header.DueDate = DocumentId.FormatDate(dueDate);
        return this;
    }

    /// <summary>Where and when the document was promulgated; the date goes into the document id.</summary>
    public DocumentMetadataBuilder Promulgation(string? place, DateOnly date)
    {
        _header.PromulgationInfo = new PromulgationInfo { Place = place ?? string.Empty, PromulgationDate = DocumentId.FormatDate(date) };
        return this;
    }

    /// <summary>Recipients named for the record only (edXML ToPlaces); nothing is delivered to them.</summary>
    public DocumentMetadataBuilder ToPlaces(params string[] places)
    {
        ArgumentNullException.ThrowIfNull(places);
        _header.ToPlaces.AddRange(places);
        return this;
    }

    /// <summary>The edXML SteeringType.</summary>
    public DocumentMetadataBuilder SteeringType(int steeringType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steeringType);
        _header.SteeringType = steeringType;
        return this;
    }

    /// <summary>The field the document belongs to (edXML OtherInfo/SphereOfPromulgation).</summary>
    public DocumentMetadataBuilder SphereOfPromulgation(string sphere)
    {
        ArgumentNullException.ThrowIfNull(sphere);
        OtherInfo.SphereOfPromulgation = sphere;
        return this;
    }

    /// <summary>Number of pages (edXML OtherInfo/PageAmount).</summary>
    public DocumentMetadataBuilder PageAmount(int pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pages);
        OtherInfo.PageAmount = pages;
        return this;
    }

    /// <summary>Names an appendix (edXML OtherInfo/Appendixes).</summary>
    public DocumentMetadataBuilder Appendix(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        OtherInfo.Appendixes.Add(name);
        return this;
    }

    /// <summary>The document this one answers (edXML ResponseFor), by its document id.</summary>
    public DocumentMetadataBuilder RespondsTo(string documentId)
    {
        var id = ParseDocumentId(documentId, nameof(documentId));
        _header.ResponseFor.Add(new ResponseFor
        {
            OrganId = id.Sender.Value,
            Code = $"{id.CodeNumber}/{id.CodeNotation}",
            PromulgationDate = DocumentId.FormatDate(id.Date),
            DocumentId = documentId,
        });
        return this;
    }

    /// <summary>Makes this a replacing document (edXML business type 3) for one the caller sent earlier.</summary>
    public DocumentMetadataBuilder Replaces(string documentId, string? reason = null)
    {
        ParseDocumentId(documentId, nameof(documentId));
        _header.Business = new Business
        {
            BusinessDocType = BusinessDocType.Replace,
            DocumentId = documentId,
            BusinessDocReason = reason ?? string.Empty,
            ReplacedDocumentIds = { documentId },
        };
        return this;
    }

    /// <summary>
    /// The header, checked to be complete: at least one recipient, the number and notation, the subject.
    /// Throws <see cref="InvalidOperationException"/> naming what is missing.
    /// </summary>
    public DocumentHeader Build()
    {
        var missing = new List<string>();
        if (_header.To.Count == 0) missing.Add("a recipient (To)");
        if (_header.Code is null) missing.Add("the number and notation (Code)");
        if (string.IsNullOrWhiteSpace(_header.Subject)) missing.Add("the subject (Subject)");
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The document metadata lacks {string.Join(", ", missing)}.");
        }

        return _header.Clone();
    }

    private OtherInfo OtherInfo => _header.OtherInfo ??= new OtherInfo();

    internal static AgencyCode ParseAgencyCode(string? code, string what) =>
        AgencyCode.TryParse(code?.Trim(), out var parsed, out var error)
            ? parsed
            : throw new ArgumentException($"The {what} {error}.", what);

    private static DocumentId ParseDocumentId(string? documentId, string parameter) =>
        DocumentId.TryParse(documentId, out var id, out var error)
            ? id
            : throw new ArgumentException($"{char.ToUpperInvariant(error[0])}{error[1..]}.", parameter);
}
