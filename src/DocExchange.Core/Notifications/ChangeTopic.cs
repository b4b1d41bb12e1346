using DocExchange.Core.Agencies;

namespace DocExchange.Core.Notifications;

public enum ChangeKind
{
    /// <summary>New entries in an agency's inbox.</summary>
    Inbox,
    /// <summary>New statuses about an agency's sent documents.</summary>
    Statuses,
}

/// <summary>What a subscriber waits for: a kind of change for one agency.</summary>
public readonly record struct ChangeTopic(ChangeKind Kind, AgencyCode Agency)
{
    public static ChangeTopic Inbox(AgencyCode recipient) => new(ChangeKind.Inbox, recipient);

    public static ChangeTopic Statuses(AgencyCode sender) => new(ChangeKind.Statuses, sender);

    /// <summary>A channel name usable by PostgreSQL LISTEN/NOTIFY, e.g. "dx_inbox_000_00_18_g12".</summary>
    public string ChannelName => $"dx_{Kind.ToString().ToLowerInvariant()}_{Agency.Value.Replace('.', '_').ToLowerInvariant()}";
}
