using System.CommandLine.Parsing;
using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Validation;

/// <summary>The edXML priorities (OtherInfo/Priority, 0–4) by the names dx accepts and shows.</summary>
public static class PriorityText
{
    private static readonly (string Name, Priority Value, string Vietnamese)[] Known =
    [
        ("normal", Priority.Normal, "thường"),
        ("urgent", Priority.Urgent, "khẩn"),
        ("very-urgent", Priority.VeryUrgent, "thượng khẩn"),
        ("express", Priority.Express, "hỏa tốc"),
        ("express-scheduled", Priority.ExpressScheduled, "hỏa tốc hẹn giờ"),
    ];

    public static string Help => string.Join(", ", Known.Select(k => $"{k.Name} ({(int)k.Value}, {k.Vietnamese})"));

    public static string Name(Priority priority) =>
        Known.FirstOrDefault(k => k.Value == priority).Name ?? ((int)priority).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>For Option.CustomParser: a name or the number 0–4.</summary>
    public static Priority Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        foreach (var known in Known)
        {
            if (string.Equals(text, known.Name, StringComparison.OrdinalIgnoreCase)
                || text == ((int)known.Value).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return known.Value;
            }
        }
        result.AddError($"--priority: '{text}' is not a priority: use {Help}.");
        return Priority.Normal;
    }
}
