namespace DocExchange.Samples.AgencyDmsBridge.Inbox;

/// <summary>
/// Where received documents are kept for the document-management system: a folder per document
/// (<see cref="InboxWriter"/>) or an edXML package per document (<see cref="EdXml.EdXmlInboxWriter"/>). A document
/// appears only once it is complete and flushed to disk, so that acknowledging it afterwards cannot lose it.
/// </summary>
public interface IReceivedDocumentStore
{
    /// <summary>The folder the documents are written to; the inbox cursor is kept there too.</summary>
    string Folder { get; }

    /// <summary>Whether the document is already stored (a repeat delivery, or one stored before a restart).</summary>
    bool Holds(string documentId);

    /// <summary>Fetches and stores the document unless it is already stored; returns where it is.</summary>
    Task<string> StoreAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Removes what a bridge that stopped in the middle of a fetch left half-written.</summary>
    void RemoveLeftovers();
}
