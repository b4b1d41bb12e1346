using System.Globalization;

namespace DocExchange.Audit;

/// <summary>
/// The one time format of the audit trail: RFC 3339 in UTC with exactly six fractional digits,
/// e.g. <c>2026-11-21T08:30:00.123456Z</c>. Times are truncated to whole microseconds (PostgreSQL's precision).
/// </summary>
public static class AuditTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>The time in UTC, truncated to whole microseconds.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset time)
    {
        long ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % TicksPerMicrosecond, TimeSpan.Zero);
    }

    /// <summary>Formats a time in the audit format (after <see cref="Normalize"/>).</summary>
    public static string ToText(DateTimeOffset time) =>
        Normalize(time).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses exactly the audit format; any other spelling of a time is rejected.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        if (text is not null && text.Length == 27
            && DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
            return ToText(time) == text;
        }
        time = default;
        return false;
    }
}
