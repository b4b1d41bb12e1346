namespace DocExchange.Cli.Auditing;

/// <summary>An audit export (JSON Lines) to verify, read once from <see cref="Content"/>.</summary>
public sealed record ExportEvidence(string Label, Stream Content);
