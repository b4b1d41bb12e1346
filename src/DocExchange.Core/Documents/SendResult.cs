namespace DocExchange.Core.Documents;

/// <summary>The answer to a send. <see cref="Duplicate"/> is true when the message id had been seen and this is the first send's result.</summary>
public sealed record SendResult(StoredDocument Document, bool Duplicate)
{
    public DocumentId DocumentId => Document.Id;
}
