using System.CommandLine.Parsing;
using DocExchange.Core.Documents;

namespace DocExchange.Cli.Validation;

/// <summary>Dates as edXML writes them (yyyy/MM/dd, the form of document ids).</summary>
public static class DateText
{
    /// <summary>For Option.CustomParser.</summary>
    public static DateOnly? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        if (DocumentId.TryParseDate(text, out var date))
        {
            return date;
        }
        string name = result.Parent is OptionResult option ? option.Option.Name : "date";
        result.AddError($"{name}: '{text}' is not a date in the form {DocumentId.DateFormat}, e.g. 2026/11/30.");
        return null;
    }
}
