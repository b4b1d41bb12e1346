using DocExchange.Core.Documents;

namespace DocExchange.Core.Storage;

public enum SendCommitOutcome
{
    Committed,
    /// <summary>The sender had already used the message id; nothing was written.</summary>
    DuplicateMessage,
    /// <summary>Another message already produced this DocumentId (same sender, date, number and notation); nothing was written.</summary>
    DocumentIdTaken,
}

/// <param name="Document">The committed document, or the first one for <see cref="SendCommitOutcome.DuplicateMessage"/>.</param>
public sealed record SendCommitResult(SendCommitOutcome Outcome, StoredDocument? Document);
