namespace DocExchange.Audit.Trail;

/// <summary>Which events to read; every filter set must match. Results come in sequence order.</summary>
public sealed record AuditEventQuery
{
    /// <summary>Largest <see cref="Limit"/> honoured.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Used when <see cref="Limit"/> is 0.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Only events about this document.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Only events whose actor or one of whose recipients is this agency code.</summary>
    public string? Agency { get; init; }

    /// <summary>Only events with one of these actions; all when null or empty.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>Only events at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only events before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only events with a sequence at or above this.</summary>
    public long FromSequence { get; init; }

    /// <summary>At most this many events (0: <see cref="DefaultLimit"/>; capped at <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; }

    /// <summary>The limit to apply.</summary>
    public int EffectiveLimit => Limit <= 0 ? DefaultLimit : Math.Min(Limit, MaxLimit);

    /// <summary>
    /// Whether the store finds the events through its index (any filter besides <see cref="FromSequence"/>); without
    /// one, the answer is simply the leaves in sequence order.
    /// </summary>
    public bool UsesIndex =>
        !string.IsNullOrEmpty(DocumentId) || !string.IsNullOrEmpty(Agency) || Actions is { Count: > 0 } || Since is not null || Until is not null;

    /// <summary>
    /// Null when <paramref name="auditEvent"/> (decoded from its leaf) matches every filter, else which filter it fails.
    /// The server checks its index's answers with it, and a client the server's.
    /// </summary>
    public string? Mismatch(Events.AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (auditEvent.Sequence < FromSequence)
        {
            return $"its sequence is below {FromSequence}";
        }
        if (!string.IsNullOrEmpty(DocumentId) && !string.Equals(auditEvent.DocumentId, DocumentId, StringComparison.Ordinal))
        {
            return $"it is about document '{auditEvent.DocumentId}', not '{DocumentId}'";
        }
        if (!string.IsNullOrEmpty(Agency) && !AuditIndexValues.AgenciesOf(auditEvent).Contains(Agency, StringComparer.Ordinal))
        {
            return $"agency {Agency} is neither its actor nor one of its recipients";
        }
        if (Actions is { Count: > 0 } actions && !actions.Contains(auditEvent.Action, StringComparer.Ordinal))
        {
            return $"its action '{auditEvent.Action}' is not one of those asked for";
        }
        if (Since is { } since && auditEvent.Time < AuditTime.Normalize(since))
        {
            return $"its time {AuditTime.ToText(auditEvent.Time)} is before {AuditTime.ToText(since)}";
        }
        if (Until is { } until && auditEvent.Time >= AuditTime.Normalize(until))
        {
            return $"its time {AuditTime.ToText(auditEvent.Time)} is not before {AuditTime.ToText(until)}";
        }
        return null;
    }
}
