using DocExchange.Core.Agencies;

namespace DocExchange.EdXml.Model;

/// <summary>An agency as edXML names it in From and To (QCVN 102:2016; docs/STANDARDS.md).</summary>
/// <param name="OrganizationInCharge">The parent agency's code; none when the package leaves it empty.</param>
public sealed record EdXmlOrganization(
    AgencyCode OrganId,
    AgencyCode? OrganizationInCharge = null,
    string OrganName = "",
    string OrganAdd = "",
    string Email = "",
    string Telephone = "",
    string Fax = "",
    string Website = "");
