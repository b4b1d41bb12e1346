using DocExchange.Core.Statuses;

namespace DocExchange.EdXml.Model;

/// <summary>The Status header of an edXML status package (QCVN 102:2016; docs/STANDARDS.md).</summary>
/// <param name="ResponseFor">The document the status is about.</param>
/// <param name="From">The agency that reports the status, with its contact fields.</param>
public sealed record EdXmlStatus(
    EdXmlResponseFor ResponseFor,
    EdXmlOrganization From,
    StatusCode Code,
    string Description,
    DateTimeOffset Timestamp,
    StaffInfo? Staff = null)
{
    public StaffInfo Staff { get; init; } = Staff ?? StaffInfo.Empty;
}
