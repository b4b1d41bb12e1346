using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;

namespace DocExchange.Core.Exchange;

public sealed partial class ExchangeService
{
    /// <summary>A document with its parts, for its sender or one of its recipients; NotFound for anyone else.</summary>
    public async Task<StoredDocument> GetDocumentAsync(AgencyCode caller, string documentId, CancellationToken cancellationToken)
    {
        var id = ParseDocumentId(documentId);
        var document = await _store.FindDocumentAsync(id, cancellationToken).ConfigureAwait(false);
        // NotFound rather than PermissionDenied: a caller learns nothing about documents it may not see.
        if (document is null || !document.IsVisibleTo(caller)) throw DocumentNotFound(id, caller);
        return document;
    }

    /// <summary>
    /// Opens one part's content for the document's sender or a recipient. The stream verifies size and SHA-256 at its end.
    /// </summary>
    public async Task<OpenedPart> OpenPartAsync(AgencyCode caller, string documentId, string partId, CancellationToken cancellationToken)
    {
        var document = await GetDocumentAsync(caller, documentId, cancellationToken).ConfigureAwait(false);
        var part = document.FindPart(partId)
            ?? throw ExchangeException.NotFound($"document {document.Id} has no part '{partId}'; its parts are: {string.Join(", ", document.Parts.Select(p => p.PartId))}");
        return await OpenPartAsync(document, part, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens <paramref name="part"/> of a document the caller already got from <see cref="GetDocumentAsync"/> (which
    /// checked that the caller may see it), without reading the document again.
    /// </summary>
    public async Task<OpenedPart> OpenPartAsync(StoredDocument document, StoredPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(part);
        var stream = await _blobs.OpenReadAsync(part.Sha256, cancellationToken).ConfigureAwait(false)
            ?? throw ExchangeException.DataLoss(
                $"the content of part '{part.PartId}' of document {document.Id} (SHA-256 {part.Sha256}) is missing from the blob store: report this to the operator");
        return new OpenedPart(part, new HashVerifyingStream(stream, part.Sha256, part.Size, $"part '{part.PartId}' of document {document.Id}"));
    }
}
