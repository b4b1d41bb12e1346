using System.Globalization;

namespace DocExchange.Signing.Pdf;

/// <summary>The entries of a signature dictionary (§12.8.1, Table 252) that validation needs.</summary>
public sealed class PdfSignatureDictionary
{
    private PdfSignatureDictionary(PdfDictionary dictionary)
    {
        Dictionary = dictionary;
    }

    public PdfDictionary Dictionary { get; }

    /// <summary>"Sig" or "DocTimeStamp" (or null when absent).</summary>
    public string? Type { get; private init; }

    public string? Filter { get; private init; }

    public string? SubFilter { get; private init; }

    /// <summary>The /ByteRange integers, or null when absent or not all integers.</summary>
    public IReadOnlyList<long>? ByteRange { get; private init; }

    /// <summary>The /Contents bytes (the CMS, zero-padded), or null.</summary>
    public byte[]? Contents { get; private init; }

    /// <summary>Where the /Contents string token lies in the file (its '&lt;' to its '&gt;'), when it was read from one.</summary>
    internal PdfSourceSpan? ContentsToken { get; private init; }

    public DateTimeOffset? SigningTime { get; private init; }

    public string? Reason { get; private init; }

    public string? Location { get; private init; }

    public string? Name { get; private init; }

    public string? ContactInfo { get; private init; }

    public bool IsDocumentTimestamp => Type == "DocTimeStamp" || SubFilter == "ETSI.RFC3161";

    public static PdfSignatureDictionary Parse(PdfDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        var byteRange = dictionary["ByteRange"] is PdfArray array && array.Items.All(i => i is PdfInteger)
            ? array.Items.Cast<PdfInteger>().Select(i => i.Value).ToArray()
            : null;
        return new PdfSignatureDictionary(dictionary)
        {
            Type = dictionary.GetName("Type"),
            Filter = dictionary.GetName("Filter"),
            SubFilter = dictionary.GetName("SubFilter"),
            ByteRange = byteRange,
            Contents = (dictionary["Contents"] as PdfString)?.Value,
            ContentsToken = (dictionary["Contents"] as PdfString)?.Source,
            SigningTime = dictionary["M"] is PdfString m ? PdfDate.TryParse(m.ToText()) : null,
            Reason = (dictionary["Reason"] as PdfString)?.ToText(),
            Location = (dictionary["Location"] as PdfString)?.ToText(),
            Name = (dictionary["Name"] as PdfString)?.ToText(),
            ContactInfo = (dictionary["ContactInfo"] as PdfString)?.ToText(),
        };
    }
}

/// <summary>PDF date strings, "D:YYYYMMDDHHmmSSOHH'mm'" (§7.9.4).</summary>
public static class PdfDate
{
    public static string Format(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return "D:" + utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'";
    }

    public static DateTimeOffset? TryParse(string text)
    {
        if (text.StartsWith("D:", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        if (text.Length < 4 || !text[..4].All(char.IsAsciiDigit))
        {
            return null;
        }
        int Field(int start, int length, int fallback) =>
            text.Length >= start + length && text.Substring(start, length).All(char.IsAsciiDigit)
                ? int.Parse(text.AsSpan(start, length), CultureInfo.InvariantCulture)
                : fallback;
        var year = Field(0, 4, 0);
        var month = Field(4, 2, 1);
        var day = Field(6, 2, 1);
        var hour = Field(8, 2, 0);
        var minute = Field(10, 2, 0);
        var second = Field(12, 2, 0);
        var offset = TimeSpan.Zero;
        var zoneIndex = text.IndexOfAny(['Z', '+', '-'], Math.Min(text.Length, 4));
        if (zoneIndex >= 0 && text[zoneIndex] != 'Z')
        {
            var zone = text[(zoneIndex + 1)..].Replace("'", string.Empty, StringComparison.Ordinal);
            var zh = zone.Length >= 2 && zone[..2].All(char.IsAsciiDigit) ? int.Parse(zone.AsSpan(0, 2), CultureInfo.InvariantCulture) : 0;
            var zm = zone.Length >= 4 && zone.Substring(2, 2).All(char.IsAsciiDigit) ? int.Parse(zone.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
            offset = new TimeSpan(zh, zm, 0) * (text[zoneIndex] == '-' ? -1 : 1);
        }
        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
