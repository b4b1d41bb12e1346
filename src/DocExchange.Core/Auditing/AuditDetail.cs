using System.Text;

namespace DocExchange.Core.Auditing;

/// <summary>
/// The one encoding of an audit event's detail (docs/AUDIT-FORMAT.md §6): items separated by <c>;</c>, each
/// <c>key=value</c> (split at the first <c>=</c>) or a bare flag such as <c>reactivated</c>. In a value, <c>%</c> is
/// written <c>%25</c> and <c>;</c> is written <c>%3B</c>, so text a caller chose (a reason) can never add an item.
/// </summary>
public static class AuditDetail
{
    /// <summary>A value as it goes into a detail.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("%", "%25", StringComparison.Ordinal).Replace(";", "%3B", StringComparison.Ordinal);
    }

    /// <summary>The items of a detail in order, values unescaped; a flag has a null value. Empty for an empty detail.</summary>
    /// <exception cref="FormatException">A value has a <c>%</c> not followed by <c>25</c> or <c>3B</c>.</exception>
    public static IReadOnlyList<KeyValuePair<string, string?>> Parse(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (detail.Length == 0)
        {
            return [];
        }
        return detail.Split(';').Select(item =>
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? new KeyValuePair<string, string?>(item, null)
                : new KeyValuePair<string, string?>(item[..equals], Unescape(item[(equals + 1)..]));
        }).ToList();
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                text.Append(value[i]);
            }
            else if (string.CompareOrdinal(value, i, "%25", 0, 3) == 0)
            {
                text.Append('%');
                i += 2;
            }
            else if (string.CompareOrdinal(value, i, "%3B", 0, 3) == 0)
            {
                text.Append(';');
                i += 2;
            }
            else
            {
                throw new FormatException($"'{value}' has a '%' that is not '%25' or '%3B'.");
            }
        }
        return text.ToString();
    }
}
