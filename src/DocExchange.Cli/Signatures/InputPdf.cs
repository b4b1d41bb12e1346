using System.CommandLine;

namespace DocExchange.Cli.Signatures;

/// <summary>The input PDF argument of <c>dx sign</c> and <c>dx seal</c>: must exist, and must not be the output.</summary>
public static class InputPdf
{
    public static Argument<FileInfo> Argument(string description)
    {
        // A folder gets its own message: "does not exist" would be wrong about it.
        return Validation.ExistingFile.Required(new Argument<FileInfo>("input") { Description = description, HelpName = "IN.pdf" });
    }

    public static Option<FileInfo> Output() => new("--output", "-o")
    {
        Description = "Where to write the signed PDF (written under a temporary name, then moved into place).",
        HelpName = "OUT.pdf",
        Required = true,
    };

    /// <summary>Adds the check that the output is not the input: the input is still being read while the output is written.</summary>
    public static void AddDistinctCheck(Command command, Argument<FileInfo> input, Option<FileInfo> output)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(input) is { } i && result.GetValue(output) is { } o
                && string.Equals(i.FullName, o.FullName, StringComparison.Ordinal))
            {
                result.AddError("-o must name a new file, not the input: signing appends to a copy of it.");
            }
        });
    }
}
