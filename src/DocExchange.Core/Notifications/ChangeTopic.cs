using DocExchange.Core.Agencies;

namespace DocExchange.Core.Notifications;

public enum ChangeKind
{
    /// <summary>New entries in an agency's inbox.</summary>
    Inbox,
    /// <summary>New statuses about an agency's sent documents.</summary>
    Statuses,
    /// <summary>New audit events committed (for the Merkle log integrator); concerns no agency.</summary>
    Audit,
}

/// <summary>What a subscriber waits for: a kind of change for one agency.</summary>
public readonly record struct ChangeTopic(ChangeKind Kind, AgencyCode Agency)
{
    public static ChangeTopic Inbox(AgencyCode recipient) => new(ChangeKind.Inbox, recipient);

    public static ChangeTopic Statuses(AgencyCode sender) => new(ChangeKind.Statuses, sender);

    /// <summary>Audit events were committed; its agency is empty.</summary>
    public static ChangeTopic AuditLog { get; } = new(ChangeKind.Audit, default);

    /// <summary>A channel name usable by PostgreSQL LISTEN/NOTIFY, e.g. "dx_inbox_000_00_18_g12" or "dx_audit".</summary>
    public string ChannelName => Agency.IsEmpty
        ? $"dx_{Kind.ToString().ToLowerInvariant()}"
        : $"dx_{Kind.ToString().ToLowerInvariant()}_{Agency.Value.Replace('.', '_').ToLowerInvariant()}";
}
