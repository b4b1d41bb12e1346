namespace DocExchange.Cli.Hosting;

/// <summary>
/// An error a command reports to the user as one line, ending <c>dx</c> with <see cref="ExitCode"/>.
/// Throw it for expected failures; anything else is reported as an unexpected error (exit 1).
/// </summary>
public sealed class DxException : Exception
{
    public DxException(ExitCode exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public DxException(ExitCode exitCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public ExitCode ExitCode { get; }

    public static DxException Usage(string message) => new(ExitCode.Usage, message);

    public static DxException Rejected(string message) => new(ExitCode.Rejected, message);
}
