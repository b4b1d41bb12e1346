namespace DocExchange.Core.Statuses;

/// <summary>An item of a status watch: a status, or the "caught up" marker (Status null) once the backlog is sent.</summary>
public sealed record StatusEvent(long Sequence, StatusRecord? Status)
{
    public bool IsCaughtUp => Status is null;
}
