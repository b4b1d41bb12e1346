using DocExchange.Core.Statuses;

namespace DocExchange.Core.Storage;

public enum StatusAppendOutcome
{
    Appended,
    /// <summary>The delivery state changed since it was read; nothing was written. Re-read and retry.</summary>
    VersionConflict,
    /// <summary>The reporter had already used the message id; nothing was written.</summary>
    DuplicateMessage,
}

/// <param name="Status">The stored status, or the earlier one for <see cref="StatusAppendOutcome.DuplicateMessage"/>.</param>
public sealed record StatusAppendResult(StatusAppendOutcome Outcome, StatusRecord? Status);
