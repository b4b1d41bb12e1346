using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using DocExchange.Core.Agencies;

namespace DocExchange.Core.Documents;

/// <summary>
/// The edXML DocumentId: <c>{sender code},{yyyy/MM/dd},{number}/{notation}</c>,
/// e.g. <c>000.00.00.G22,2015/09/30,7816/VPCP-TTĐT</c> (QCVN 102:2016, see docs/STANDARDS.md).
/// </summary>
/// <remarks>The number may not contain '/' or ','; the notation may contain '/' but not ','.</remarks>
public sealed record DocumentId(AgencyCode Sender, DateOnly Date, string CodeNumber, string CodeNotation)
{
    public const string DateFormat = "yyyy/MM/dd";
    public const string ExpectedForm = "{sender code},{yyyy/MM/dd},{number}/{notation} such as 000.00.00.G22,2015/09/30,7816/VPCP-TTĐT";

    public static DocumentId Parse(string? value) =>
        TryParse(value, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out DocumentId? id, [NotNullWhen(false)] out string? error)
    {
        id = null;
        error = null;
        var parts = (value ?? string.Empty).Split(',');
        if (parts.Length != 3)
        {
            error = $"document id '{value}' is malformed: expected {ExpectedForm}";
            return false;
        }
        if (!AgencyCode.TryParse(parts[0], out var sender, out var codeError))
        {
            error = $"document id '{value}' is malformed: {codeError}";
            return false;
        }
        if (!TryParseDate(parts[1], out var date))
        {
            error = $"document id '{value}' is malformed: date '{parts[1]}' is not a date in the form {DateFormat}";
            return false;
        }
        var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == parts[2].Length - 1)
        {
            error = $"document id '{value}' is malformed: '{parts[2]}' is not {{number}}/{{notation}}; expected {ExpectedForm}";
            return false;
        }
        id = new DocumentId(sender, date, parts[2][..slash], parts[2][(slash + 1)..]);
        return true;
    }

    /// <summary>Checks that a number and notation can be written into a DocumentId; returns the problem or null.</summary>
    public static string? ValidateCode(string? codeNumber, string? codeNotation)
    {
        if (string.IsNullOrWhiteSpace(codeNumber)) return "code number (số) is required";
        if (string.IsNullOrWhiteSpace(codeNotation)) return "code notation (ký hiệu) is required";
        if (codeNumber.AsSpan().IndexOfAny('/', ',') >= 0)
            return $"code number '{codeNumber}' may not contain '/' or ','";
        if (codeNotation.Contains(',', StringComparison.Ordinal))
            return $"code notation '{codeNotation}' may not contain ','";
        return null;
    }

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public override string ToString() => $"{Sender},{FormatDate(Date)},{CodeNumber}/{CodeNotation}";
}
