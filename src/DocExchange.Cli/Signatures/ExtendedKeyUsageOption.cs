using System.CommandLine;
using System.CommandLine.Parsing;
using DocExchange.Signing.Validation;

namespace DocExchange.Cli.Signatures;

/// <summary><c>--eku PURPOSE</c>: the extended key usages a signing certificate may carry, shared by <c>dx sign</c> and <c>dx verify</c>.</summary>
public static class ExtendedKeyUsageOption
{
    public static Option<string[]> Create() => new("--eku")
    {
        Description = "An extended key usage that allows document signing (a name such as documentSigning, emailProtection, clientAuth, or a dotted OID); "
            + "repeatable, replaces the default list: emailProtection, documentSigning, anyExtendedKeyUsage.",
        HelpName = "PURPOSE",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = Parse,
    };

    /// <summary>The dotted OIDs given, or the library's defaults when none were.</summary>
    public static IReadOnlyList<string> Read(string[]? given) =>
        given is { Length: > 0 } ? given.Distinct().ToList() : SigningCertificatePurpose.DefaultExtendedKeyUsages;

    private static string[] Parse(ArgumentResult result)
    {
        var oids = new List<string>();
        foreach (var token in result.Tokens)
        {
            try
            {
                oids.Add(SigningCertificatePurpose.ParseExtendedKeyUsage(token.Value));
            }
            catch (FormatException e)
            {
                result.AddError($"--eku: {e.Message}");
            }
        }
        return [.. oids];
    }
}
