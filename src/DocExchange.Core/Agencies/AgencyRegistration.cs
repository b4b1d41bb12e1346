namespace DocExchange.Core.Agencies;

/// <summary>What an operator supplies to register an agency. The code is parsed by the service.</summary>
public sealed record AgencyRegistration(string Code, string Name, AgencyContact? Contact = null);
