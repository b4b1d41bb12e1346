namespace DocExchange.Core.Agencies;

/// <summary>Contact fields of an agency, as in the edXML From/To organisation.</summary>
public sealed record AgencyContact(
    string Address = "",
    string Email = "",
    string Telephone = "",
    string Fax = "",
    string Website = "")
{
    public static AgencyContact Empty { get; } = new();
}
