namespace DocExchange.Core.Agencies;

/// <summary>A registered agency. Its parent is derived from its code.</summary>
public sealed record Agency(
    AgencyCode Code,
    string Name,
    AgencyContact Contact,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public AgencyCode? ParentCode => Code.Parent;
}
