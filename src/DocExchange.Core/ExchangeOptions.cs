namespace DocExchange.Core;

/// <summary>
/// Limits and settings of the exchange. Quantity limits (bytes, attachments, recipients) are refused with
/// ResourceExhausted, field lengths with InvalidArgument.
/// </summary>
public sealed class ExchangeOptions
{
    /// <summary>Total bytes of all parts of one document.</summary>
    public long MaxDocumentBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Parts besides the main document.</summary>
    public int MaxAttachments { get; set; } = 50;

    public int MaxRecipients { get; set; } = 1000;

    /// <summary>The opaque edXML header blob.</summary>
    public int MaxHeaderBytes { get; set; } = 256 * 1024;

    /// <summary>The opaque validation report blob.</summary>
    public int MaxValidationBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxMessageIdLength { get; set; } = 128;
    /// <summary>Part ids are also limited to letters, digits, '.', '_' and '-' (<see cref="Documents.PartIds"/>).</summary>
    public int MaxPartIdLength { get; set; } = 64;

    /// <summary>
    /// A part's file name, in UTF-8 bytes: file systems limit a name to 255 bytes, and a recipient needs room to add
    /// to it (a numbered copy, a collision prefix).
    /// </summary>
    public int MaxFileNameBytes { get; set; } = 200;

    public int MaxContentTypeLength { get; set; } = 127;
    public int MaxSubjectLength { get; set; } = 2000;
    public int MaxCodeNumberLength { get; set; } = 32;
    public int MaxCodeNotationLength { get; set; } = 100;
    public int MaxAgencyNameLength { get; set; } = 500;
    public int MaxContactFieldLength { get; set; } = 500;
    public int MaxStaffFieldLength { get; set; } = 200;

    /// <summary>QCVN 102:2016 (docs/STANDARDS.md): a status description (the reason of 02) is at most 1,000 characters.</summary>
    public int MaxStatusDescriptionLength { get; set; } = 1000;

    public int DefaultPageSize { get; set; } = 50;
    public int MaxPageSize { get; set; } = 500;

    /// <summary>How many inbox entries or statuses a subscription reads from the store at a time.</summary>
    public int StreamBatchSize { get; set; } = 100;

    /// <summary>
    /// The largest document (its parts together, in bytes) whose content an inbox subscription may carry with its
    /// delivery, for a subscriber that asks for it; 0 turns the push of content off. At most
    /// <see cref="MaxPushContentBytes"/>, well under a client's default 4 MiB receive limit, and read into memory one
    /// delivery at a time.
    /// </summary>
    public long PushContentMaxBytes { get; set; } = 256 * 1024;

    /// <summary>The upper bound of <see cref="PushContentMaxBytes"/>.</summary>
    public const long MaxPushContentBytes = 1024 * 1024;

    /// <summary>The offset whose calendar date goes into a DocumentId when the header has no promulgation date (Vietnam: UTC+7).</summary>
    public TimeSpan DocumentDateOffset { get; set; } = TimeSpan.FromHours(7);

    /// <summary>
    /// Compares a repeated send's header with the stored one (a repeat must be identical). The default compares bytes;
    /// the server sets one that knows the header's format and names the field that differs.
    /// </summary>
    public Documents.IDocumentHeaderComparer HeaderComparer { get; set; } = Documents.BytewiseHeaderComparer.Instance;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        static void Positive(long value, string name)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"ExchangeOptions.{name} must be positive");
        }

        ArgumentNullException.ThrowIfNull(HeaderComparer, nameof(HeaderComparer));
        Positive(MaxDocumentBytes, nameof(MaxDocumentBytes));
        if (MaxAttachments < 0) throw new ArgumentOutOfRangeException(nameof(MaxAttachments), MaxAttachments, "ExchangeOptions.MaxAttachments may not be negative");
        Positive(MaxRecipients, nameof(MaxRecipients));
        Positive(MaxHeaderBytes, nameof(MaxHeaderBytes));
        Positive(MaxValidationBytes, nameof(MaxValidationBytes));
        Positive(MaxMessageIdLength, nameof(MaxMessageIdLength));
        Positive(MaxPartIdLength, nameof(MaxPartIdLength));
        Positive(MaxFileNameBytes, nameof(MaxFileNameBytes));
        Positive(MaxContentTypeLength, nameof(MaxContentTypeLength));
        Positive(MaxSubjectLength, nameof(MaxSubjectLength));
        Positive(MaxCodeNumberLength, nameof(MaxCodeNumberLength));
        Positive(MaxCodeNotationLength, nameof(MaxCodeNotationLength));
        Positive(MaxAgencyNameLength, nameof(MaxAgencyNameLength));
        Positive(MaxContactFieldLength, nameof(MaxContactFieldLength));
        Positive(MaxStaffFieldLength, nameof(MaxStaffFieldLength));
        Positive(MaxStatusDescriptionLength, nameof(MaxStatusDescriptionLength));
        Positive(DefaultPageSize, nameof(DefaultPageSize));
        Positive(StreamBatchSize, nameof(StreamBatchSize));
        if (PushContentMaxBytes is < 0 or > MaxPushContentBytes)
            throw new ArgumentOutOfRangeException(nameof(PushContentMaxBytes), PushContentMaxBytes,
                $"ExchangeOptions.PushContentMaxBytes must be from 0 (off) to {MaxPushContentBytes} bytes");
        if (MaxPageSize < DefaultPageSize)
            throw new ArgumentOutOfRangeException(nameof(MaxPageSize), MaxPageSize, "ExchangeOptions.MaxPageSize must be at least DefaultPageSize");
        if (DocumentDateOffset.Duration() > TimeSpan.FromHours(14))
            throw new ArgumentOutOfRangeException(nameof(DocumentDateOffset), DocumentDateOffset, "ExchangeOptions.DocumentDateOffset must be within ±14 hours");
    }
}
