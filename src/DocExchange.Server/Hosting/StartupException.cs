namespace DocExchange.Server.Hosting;

/// <summary>A configuration problem that stops the server from starting; its message says what to fix.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
