using DocExchange.Audit.Events;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Trail;

/// <summary>An event as answered to a query: decoded, its exact leaf bytes, and optionally its inclusion proof.</summary>
public sealed record AuditEventEntry(AuditEvent Event, byte[] Leaf, InclusionProof? Inclusion);
