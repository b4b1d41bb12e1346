using System.CommandLine.Parsing;
using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Signatures;

/// <summary>PAdES baseline levels (ETSI EN 319 142-1) as written on the command line: B-B, B-T, B-LT, B-LTA.</summary>
public static class SignatureLevels
{
    public const string Names = "B-B, B-T, B-LT or B-LTA";

    public static string ToText(SignatureLevel level) => level switch
    {
        SignatureLevel.BB => "B-B",
        SignatureLevel.BT => "B-T",
        SignatureLevel.BLt => "B-LT",
        SignatureLevel.BLta => "B-LTA",
        _ => "none",
    };

    public static bool TryParse(string text, out SignatureLevel level)
    {
        level = text.Trim().ToUpperInvariant() switch
        {
            "B-B" or "BB" => SignatureLevel.BB,
            "B-T" or "BT" => SignatureLevel.BT,
            "B-LT" or "BLT" => SignatureLevel.BLt,
            "B-LTA" or "BLTA" => SignatureLevel.BLta,
            _ => SignatureLevel.Unspecified,
        };
        return level != SignatureLevel.Unspecified;
    }

    /// <summary>A System.CommandLine parser for a <c>--level</c> option; a bad value is a usage error naming the levels.</summary>
    public static SignatureLevel Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (TryParse(text, out var level))
        {
            return level;
        }
        result.AddError($"--level: '{text}' is not a PAdES baseline level; use {Names}.");
        return SignatureLevel.Unspecified;
    }
}
