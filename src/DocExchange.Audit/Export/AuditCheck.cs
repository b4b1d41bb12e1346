namespace DocExchange.Audit.Export;

/// <summary>One named check of an audit verification (e.g. "checkpoint.signature", "tree.root").</summary>
public sealed record AuditCheck(string Name, bool Passed, string Message);
