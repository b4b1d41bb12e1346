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
}
