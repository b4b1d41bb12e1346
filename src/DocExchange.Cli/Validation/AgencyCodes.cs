using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace DocExchange.Cli.Validation;

/// <summary>
/// The one place where <c>dx</c> decides whether an agency code is well formed (QCVN 102:2016 notation,
/// <c>DDD.CC.BB.Xnn</c>). Arguments and options that take agency codes get their validator here, so a malformed
/// code is a usage error (exit 2) with a message that shows the expected form.
/// </summary>
public static partial class AgencyCodes
{
    public const string ExpectedForm = "DDD.CC.BB.Xnn such as 000.00.18.G12";

    // Local check until DocExchange.Core.AgencyCode (written in parallel) is merged; then point this at
    // code => AgencyCode.TryParse(code, out _) and delete QcvnPattern.
    private static readonly Func<string, bool> IsWellFormedCheck = code => QcvnPattern().IsMatch(code);

    public static bool IsWellFormed(string code) => IsWellFormedCheck(code);

    /// <summary>Null when <paramref name="code"/> is well formed, else the message to show.</summary>
    public static string? Problem(string code) =>
        IsWellFormed(code) ? null : $"agency code '{code}' is malformed: expected {ExpectedForm}";

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

    // QCVN 102:2016: level 4 (DDD), level 3 (CC), level 2 (BB), level 1 (one capital letter and two digits).
    [GeneratedRegex(@"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex QcvnPattern();
}
