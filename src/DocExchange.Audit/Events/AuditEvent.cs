namespace DocExchange.Audit.Events;

/// <summary>
/// One entry of the audit trail. Its canonical bytes (<see cref="AuditEventEncoding"/>) are the Merkle leaf,
/// and <see cref="Sequence"/> is its 0-based leaf index. <see cref="Time"/> is kept in UTC, truncated to microseconds.
/// </summary>
public sealed record AuditEvent
{
    private readonly DateTimeOffset _time;

    public AuditEvent(
        long sequence,
        DateTimeOffset time,
        AuditActor actor,
        string action,
        string documentId,
        IReadOnlyList<string> recipients,
        IReadOnlyList<AuditContentHash> contentHashes,
        string outcome,
        string detail)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(contentHashes);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(detail);
        if (recipients.Any(r => r is null))
        {
            throw new ArgumentException("Recipients cannot contain null.", nameof(recipients));
        }
        if (contentHashes.Any(h => h is null))
        {
            throw new ArgumentException("Content hashes cannot contain null.", nameof(contentHashes));
        }
        Sequence = sequence;
        Time = time;
        Actor = actor;
        Action = action;
        DocumentId = documentId;
        Recipients = recipients.ToArray();
        ContentHashes = contentHashes.ToArray();
        Outcome = outcome;
        Detail = detail;
    }

    /// <summary>0-based position of the event in the Merkle log.</summary>
    public long Sequence { get; init; }

    /// <summary>When it happened, in UTC, truncated to whole microseconds.</summary>
    public DateTimeOffset Time
    {
        get => _time;
        init => _time = AuditTime.Normalize(value);
    }

    public AuditActor Actor { get; init; }

    /// <summary>e.g. "document.sent", "delivery.acknowledged", "status.posted".</summary>
    public string Action { get; init; }

    /// <summary>Empty when the event concerns no document.</summary>
    public string DocumentId { get; init; }

    /// <summary>Agency codes, in the order given.</summary>
    public IReadOnlyList<string> Recipients { get; init; }

    public IReadOnlyList<AuditContentHash> ContentHashes { get; init; }

    /// <summary>"ok", "denied", "rejected", …</summary>
    public string Outcome { get; init; }

    public string Detail { get; init; }

    public bool Equals(AuditEvent? other) =>
        other is not null
        && Sequence == other.Sequence
        && Time == other.Time
        && Actor.Equals(other.Actor)
        && Action == other.Action
        && DocumentId == other.DocumentId
        && Recipients.SequenceEqual(other.Recipients)
        && ContentHashes.SequenceEqual(other.ContentHashes)
        && Outcome == other.Outcome
        && Detail == other.Detail;

    public override int GetHashCode() => HashCode.Combine(Sequence, Time, Action, DocumentId);
}
