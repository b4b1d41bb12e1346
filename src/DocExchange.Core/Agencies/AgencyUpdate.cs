namespace DocExchange.Core.Agencies;

/// <summary>Changes to an agency. Null fields keep their value.</summary>
public sealed record AgencyUpdate(string Code, string? Name = null, AgencyContact? Contact = null, bool Reactivate = false);
