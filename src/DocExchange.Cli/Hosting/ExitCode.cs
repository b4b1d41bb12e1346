namespace DocExchange.Cli.Hosting;

/// <summary>The exit codes of <c>dx</c>; scripts may rely on them.</summary>
public enum ExitCode
{
    /// <summary>The command did what was asked; every check passed.</summary>
    Ok = 0,

    /// <summary>Rejected or invalid: a verification failed, the server refused, or an unexpected error.</summary>
    Rejected = 1,

    /// <summary>The command line was wrong: unknown command or option, malformed value, missing file or profile.</summary>
    Usage = 2,

    /// <summary>The server could not be reached.</summary>
    Unreachable = 3,
}
