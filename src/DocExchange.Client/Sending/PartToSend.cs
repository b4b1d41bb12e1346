using DocExchange.Core.Documents;

namespace DocExchange.Client.Sending;

/// <summary>One part of an outgoing document: its identity and where its bytes come from.</summary>
internal sealed class PartToSend
{
    public PartToSend(string partId, string fileName, string contentType, ContentSource source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partId);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (PartIds.Problem(partId, int.MaxValue) is { } problem)
        {
            // The server refuses it too; saying so here costs no upload.
            throw new ArgumentException(char.ToUpperInvariant(problem[0]) + problem[1..] + ".", nameof(partId));
        }

        PartId = partId;
        FileName = fileName;
        ContentType = contentType;
        Source = source;
    }

    public string PartId { get; }

    public string FileName { get; }

    public string ContentType { get; }

    public ContentSource Source { get; }
}
