using DocExchange.Core.Agencies;
using DocExchange.Core.Errors;

namespace DocExchange.Core.Documents;

/// <summary>Checks an outgoing document's fields and limits, before anything is read or stored.</summary>
public static class OutgoingDocumentValidator
{
    public static ValidatedDocument Validate(OutgoingDocument document, ExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);

        if (document.Sender.IsEmpty) throw ExchangeException.InvalidArgument("the sender agency code is missing");
        FieldRules.Required(document.MessageId, "message id", options.MaxMessageIdLength);

        var codeProblem = DocumentId.ValidateCode(document.CodeNumber, document.CodeNotation);
        if (codeProblem is not null) throw ExchangeException.InvalidArgument(codeProblem);
        FieldRules.Length(document.CodeNumber, "code number", options.MaxCodeNumberLength);
        FieldRules.Length(document.CodeNotation, "code notation", options.MaxCodeNotationLength);
        FieldRules.Required(document.Subject, "subject (trích yếu)", options.MaxSubjectLength);

        if (document.Header.Length > options.MaxHeaderBytes)
            throw ExchangeException.ResourceExhausted(
                $"the document header is {document.Header.Length} bytes; the limit is {options.MaxHeaderBytes} bytes: shorten its text fields");
        if (document.Validation is { Length: var validationLength } && validationLength > options.MaxValidationBytes)
            throw ExchangeException.ResourceExhausted(
                $"the validation report is {validationLength} bytes; the limit is {options.MaxValidationBytes} bytes");

        var recipients = ValidateRecipients(document, options);
        var referenced = ValidateBusiness(document);
        ValidateParts(document.Parts, options);
        return new ValidatedDocument(document, recipients, referenced);
    }

    private static List<AgencyCode> ValidateRecipients(OutgoingDocument document, ExchangeOptions options)
    {
        if (document.Recipients is null || document.Recipients.Count == 0)
            throw ExchangeException.InvalidArgument("the document has no recipient: list at least one agency code in To");
        if (document.Recipients.Count > options.MaxRecipients)
            throw ExchangeException.ResourceExhausted(
                $"the document has {document.Recipients.Count} recipients; the limit is {options.MaxRecipients}: send it in several messages");

        var recipients = new List<AgencyCode>(document.Recipients.Count);
        var seen = new HashSet<AgencyCode>();
        foreach (var text in document.Recipients)
        {
            if (!AgencyCode.TryParse(text, out var code, out var error))
                throw ExchangeException.InvalidArgument($"recipient: {error}");
            if (code == document.Sender)
                throw ExchangeException.InvalidArgument($"recipient {code} is the sender itself: an agency cannot send a document to itself");
            if (!seen.Add(code))
                throw ExchangeException.InvalidArgument($"recipient {code} is listed twice: list each recipient once");
            recipients.Add(code);
        }
        return recipients;
    }

    private static DocumentId? ValidateBusiness(OutgoingDocument document)
    {
        switch (document.BusinessType)
        {
            case BusinessDocType.New:
                return string.IsNullOrEmpty(document.ReferencedDocumentId) ? null : ParseReference(document.ReferencedDocumentId);
            case BusinessDocType.Replace:
                if (string.IsNullOrEmpty(document.ReferencedDocumentId))
                    throw ExchangeException.InvalidArgument("a replacing document (business type 3) must name the document it replaces");
                return ParseReference(document.ReferencedDocumentId);
            case BusinessDocType.Recall:
                throw ExchangeException.InvalidArgument("a recall (business type 1) is requested with Recall, not sent as a document");
            case BusinessDocType.Update:
                throw ExchangeException.InvalidArgument("a recipient update (business type 2) is made with UpdateRecipients, not sent as a document");
            default:
                throw ExchangeException.InvalidArgument(
                    $"business type {(int)document.BusinessType} is unknown: expected 0 (new), 1 (recall), 2 (update) or 3 (replace)");
        }
    }

    private static DocumentId ParseReference(string text) =>
        DocumentId.TryParse(text, out var id, out var error)
            ? id
            : throw ExchangeException.InvalidArgument($"referenced document: {error}");

    private static void ValidateParts(IReadOnlyList<PartDeclaration> parts, ExchangeOptions options)
    {
        if (parts is null || parts.Count == 0)
            throw ExchangeException.InvalidArgument("the document has no part: declare the main PDF as the first part");

        var mainCount = parts.Count(p => p.Kind == PartKind.Main);
        if (mainCount != 1)
            throw ExchangeException.InvalidArgument(
                $"the document declares {mainCount} main parts; exactly one part must be the main document");
        if (parts[0].Kind != PartKind.Main)
            throw ExchangeException.InvalidArgument(
                "the main document must be the first part, but the first part is an attachment");
        if (parts.Count - 1 > options.MaxAttachments)
            throw ExchangeException.ResourceExhausted(
                $"the document has {parts.Count - 1} attachments; the limit is {options.MaxAttachments}: bundle them into an archive");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var part in parts)
        {
            if (PartIds.Problem(part.PartId, options.MaxPartIdLength) is { } partIdProblem)
                throw ExchangeException.InvalidArgument(partIdProblem);
            if (!ids.Add(part.PartId))
                throw ExchangeException.InvalidArgument($"part id '{part.PartId}' is declared twice: part ids must be unique in a document");
            if (part.Kind is not (PartKind.Main or PartKind.Attachment))
                throw ExchangeException.InvalidArgument($"part '{part.PartId}' has no kind: declare it as the main document or an attachment");
            FieldRules.RequiredUtf8(part.FileName, $"file name of part '{part.PartId}'", options.MaxFileNameBytes);
            FieldRules.Length(part.ContentType, $"content type of part '{part.PartId}'", options.MaxContentTypeLength);
            if (part.Size < 0)
                throw ExchangeException.InvalidArgument($"part '{part.PartId}' declares a negative size ({part.Size})");
            if (part.Sha256 is { Length: var hashLength } && hashLength != 0 && hashLength != 32)
                throw ExchangeException.InvalidArgument(
                    $"part '{part.PartId}' declares a SHA-256 of {hashLength} bytes; a SHA-256 is 32 bytes (or leave it empty)");
            total += part.Size;
            if (total > options.MaxDocumentBytes)
                throw ExchangeException.ResourceExhausted(
                    $"the document's parts total more than {options.MaxDocumentBytes} bytes, the limit: send large annexes separately");
        }
    }
}
