namespace DocExchange.Cli.Auditing;

/// <summary>One check of a verdict: its name (e.g. "tree.root"), what it was about (a file), result and explanation.</summary>
public sealed record VerdictCheck(string Name, string Subject, bool Passed, string Message);
