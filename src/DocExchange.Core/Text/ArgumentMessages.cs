namespace DocExchange.Core.Text;

/// <summary>
/// A library's <see cref="ArgumentException"/> as a message for people: without .NET's " (Parameter 'x')" suffix
/// and "Actual value was …" line, which name a .NET parameter rather than anything a user gave, on one line.
/// </summary>
public static class ArgumentMessages
{
    public static string Plain(ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (exception is ArgumentOutOfRangeException { ActualValue: not null } && message.LastIndexOf('\n') is > 0 and var actual)
        {
            message = message[..actual];
        }
        if (exception.ParamName is { } name)
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
