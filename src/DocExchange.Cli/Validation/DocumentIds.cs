using System.CommandLine;
using System.CommandLine.Parsing;
using DocExchange.Core.Documents;

namespace DocExchange.Cli.Validation;

/// <summary>
/// Document ids (edXML: sender code, promulgation date, number/notation) are checked when parsed, by
/// DocExchange.Core's DocumentId, so a malformed id is a usage error (exit 2) showing the expected form.
/// </summary>
public static class DocumentIds
{
    public static Argument<string> Validated(Argument<string> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.Validators.Add(Validate);
        return argument;
    }

    public static Option<string?> Validated(Option<string?> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(Validate);
        return option;
    }

    private static void Validate(SymbolResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (!DocumentId.TryParse(token.Value, out _, out string? error))
            {
                result.AddError(error + ".");
            }
        }
    }
}
