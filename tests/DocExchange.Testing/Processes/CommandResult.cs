namespace DocExchange.Testing.Processes;

/// <summary>How a finished command ended and what it printed.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    /// <summary>Throws with the command's output when it did not exit with 0.</summary>
    public CommandResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}:\n{Output}");
}
