using System.CommandLine;
using System.CommandLine.Parsing;
using DocExchange.Core.Agencies;

namespace DocExchange.Cli.Validation;

/// <summary>
/// The one place where <c>dx</c> checks agency codes (QCVN 102:2016 notation, decided by DocExchange.Core's AgencyCode:
/// <c>DDD.CC.BB.Xnn</c>). Arguments and options that take agency codes get their validator here, so a malformed
/// code is a usage error (exit 2) with a message that shows the expected form.
/// </summary>
public static class AgencyCodes
{
    public const string ExpectedForm = AgencyCode.ExpectedForm;

    public static bool IsWellFormed(string code) => AgencyCode.TryParse(code, out _);

    /// <summary>Null when <paramref name="code"/> is well formed, else the message to show (DocExchange.Core's own).</summary>
    public static string? Problem(string code) =>
        AgencyCode.TryParse(code, out _, out string? error) ? null : error;

    /// <summary>The codes of a list option, each token split at commas ("--to A,B --to C"), blanks dropped.</summary>
    public static IReadOnlyList<string> SplitList(IEnumerable<string>? tokens) =>
        (tokens ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>Rejects malformed codes in a comma-separated list option at parse time.</summary>
    public static Option<string[]> ValidatedList(Option<string[]> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            foreach (string code in SplitList(result.Tokens.Select(t => t.Value)))
            {
                if (Problem(code) is { } problem)
                {
                    result.AddError($"{option.Name}: {problem}.");
                }
            }
        });
        return option;
    }

    /// <summary>Rejects malformed codes given to <paramref name="argument"/> at parse time.</summary>
    public static T Validated<T>(T argument)
        where T : Argument
    {
        argument.Validators.Add(Validate);
        return argument;
    }

    /// <summary>Rejects malformed codes given to <paramref name="option"/> at parse time.</summary>
    public static Option<T> Validated<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(Validate);
        return option;
    }

    private static void Validate(SymbolResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (Problem(token.Value) is { } problem)
            {
                result.AddError(problem + ".");
            }
        }
    }
}
