namespace DocExchange.Client;

/// <summary>Which audit events <see cref="DocExchangeClient.QueryEventsAsync"/> returns; every filter set must match.</summary>
public sealed record AuditEventFilter
{
    /// <summary>Only events about this document.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Only events whose actor or one of whose recipients is this agency code.</summary>
    public string? Agency { get; init; }

    /// <summary>Only events with one of these actions (e.g. "document.sent"); all when null or empty.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only events with a sequence (leaf index) at or above this.</summary>
    public long FromSequence { get; init; }

    /// <summary>At most this many events in all; every match when null.</summary>
    public int? Limit { get; init; }
}
