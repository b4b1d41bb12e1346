using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.EdXml.Model;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// The manifest and the parts: the first Reference is the main PDF, the others are attachments, in order; ContentId is
/// the part id, AttachmentName the file name, ContentType the content type (docs/EDXML.md).
/// </summary>
internal static class EdXmlManifestMapping
{
    private const string Reference = "edXMLBody/edXMLManifest/Reference";

    public static IEnumerable<Proto.PartInfo> ToParts(IReadOnlyList<EdXmlReceivedAttachment> attachments, int maxPartIdLength)
    {
        if (attachments.Count == 0)
        {
            throw ExchangeException.InvalidArgument($"edXML element {Reference} is missing: a document package carries its main PDF as the first manifest Reference");
        }
        if (attachments.FirstOrDefault(a => a.Reference.Description.Length > 0) is { } described)
        {
            // A part has no description in the exchange: dropping it would lose what the producer wrote.
            throw ExchangeException.InvalidArgument(
                $"not supported: edXML element {Reference}/Description of '{described.Reference.ContentId}': the exchange's parts carry no description; leave it empty");
        }
        foreach (var attachment in attachments)
        {
            if (PartIds.Problem(attachment.Reference.ContentId, maxPartIdLength) is { } problem)
            {
                // The content id becomes the part id, which every recipient sees: renaming it would lose what the producer wrote.
                throw ExchangeException.InvalidArgument($"not supported: edXML element {Reference}/ContentId: it becomes the exchange's part id, and {problem}");
            }
        }
        return attachments.Select((a, i) => new Proto.PartInfo
        {
            PartId = a.Reference.ContentId,
            Kind = i == 0 ? Proto.PartKind.MainDocument : Proto.PartKind.Attachment,
            FileName = a.Reference.AttachmentName,
            ContentType = a.Reference.ContentType,
            Size = a.Length,
        });
    }

    /// <summary>The stored parts as manifest entries, the main PDF first, each opened only when the writer reaches it.</summary>
    public static IReadOnlyList<EdXmlOutgoingAttachment> ToAttachments(StoredDocument document, Func<StoredPart, CancellationToken, Task<OpenedPart>> open) =>
        document.Parts.OrderBy(p => p.Kind == PartKind.Main ? 0 : 1)
            .Select(p => new EdXmlOutgoingAttachment(
                new EdXmlReference(p.PartId, p.ContentType, p.FileName),
                // Disposing the content is disposing the opened part (OpenedPart.DisposeAsync).
                async ct => (await open(p, ct).ConfigureAwait(false)).Content))
            .ToList();
}
