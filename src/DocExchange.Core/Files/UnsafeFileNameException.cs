namespace DocExchange.Core.Files;

/// <summary>A file name that would not stay inside the folder it was meant for; nothing was written.</summary>
public sealed class UnsafeFileNameException : IOException
{
    public UnsafeFileNameException(string message)
        : base(message)
    {
    }

    public UnsafeFileNameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnsafeFileNameException()
    {
    }
}
