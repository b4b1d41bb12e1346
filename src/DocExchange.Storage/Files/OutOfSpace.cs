using DocExchange.Core.Errors;

namespace DocExchange.Storage.Files;

/// <summary>Recognises a write refused because a disk is full, and turns it into a refusal that says what is full.</summary>
public static class OutOfSpace
{
    private const int Enospc = 28;
    private const int Edquot = 122;

    /// <summary>True for "no space left on device" (or a disk quota exceeded), however deep in <paramref name="exception"/>.</summary>
    public static bool IsOutOfSpace(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException { HResult: Enospc or Edquot }) return true;
        }
        return false;
    }

    /// <summary>
    /// The refusal for a write that found <paramref name="what"/> full (e.g. "the spool folder"): RESOURCE_EXHAUSTED,
    /// nothing stored, to be retried once an operator has freed space.
    /// </summary>
    public static ExchangeException Refusal(string what, Exception cause) =>
        new(ExchangeErrorKind.ResourceExhausted,
            $"the server has no disk space left in {what}, so nothing was stored: retry once an operator has freed space", cause);
}
