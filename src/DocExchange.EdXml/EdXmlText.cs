using System.Globalization;
using DocExchange.Core.Documents;

namespace DocExchange.EdXml;

/// <summary>The text forms of edXML values: dates <c>yyyy/MM/dd</c>, timestamps in ISO 8601 with their offset, integers.</summary>
internal static class EdXmlText
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";
    private static readonly string[] TimestampForms = [TimestampFormat, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];

    public static string Date(DateOnly date) => DocumentId.FormatDate(date);

    public static string Timestamp(DateTimeOffset value) => value.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseTimestamp(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, TimestampForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryParseInteger(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
