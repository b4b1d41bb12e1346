namespace DocExchange.Core.Documents;

/// <summary>What the checks of a send, made before its content is read, decided.</summary>
public sealed record SendPreflight
{
    private SendPreflight(SendResult? repeat, bool contentToCompare)
    {
        Repeat = repeat;
        ContentToCompare = contentToCompare;
    }

    /// <summary>A new document: read its content, then send it.</summary>
    public static SendPreflight NewDocument { get; } = new(null, false);

    /// <summary>
    /// The message id was used before and everything declared matches, but not every part declares its SHA-256: the
    /// content must be read and compared with what was stored (the send then stores nothing).
    /// </summary>
    public static SendPreflight RepeatToCompare { get; } = new(null, true);

    /// <summary>An exact repeat, answered with the first send's result without reading the content.</summary>
    public static SendPreflight Answered(SendResult repeat) => new(repeat, false);

    /// <summary>The first send's result, when the repeat is already proven exact.</summary>
    public SendResult? Repeat { get; }

    /// <summary>True for <see cref="RepeatToCompare"/>.</summary>
    public bool ContentToCompare { get; }
}
