using DocExchange.Core.Agencies;

namespace DocExchange.Core.Documents;

/// <summary>One hop of a document's route (edXML TraceHeaderList/TraceHeader): who handed it on, and when.</summary>
public sealed record TraceHop(AgencyCode OrganId, DateTimeOffset Timestamp);
