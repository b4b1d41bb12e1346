namespace DocExchange.Core.Documents;

public enum PartKind
{
    /// <summary>The signed PDF that is the official document. Exactly one per document.</summary>
    Main = 1,
    Attachment = 2,
}
