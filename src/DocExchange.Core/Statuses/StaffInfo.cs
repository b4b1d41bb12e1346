namespace DocExchange.Core.Statuses;

/// <summary>edXML StaffInfo: who handled a status.</summary>
public sealed record StaffInfo(string Department = "", string Staff = "", string Mobile = "", string Email = "")
{
    public static StaffInfo Empty { get; } = new();
}
