using DocExchange.Audit.Checkpoints;

namespace DocExchange.Cli.Auditing;

/// <summary>A signed checkpoint and what to call it in the verdict (a file name, or "server" for a fetched one).</summary>
public sealed record LabeledCheckpoint(string Label, SignedCheckpoint Signed);
