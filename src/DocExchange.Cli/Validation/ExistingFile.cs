using System.CommandLine;
using System.CommandLine.Parsing;

namespace DocExchange.Cli.Validation;

/// <summary>Makes a missing input file a usage error (exit 2) that names the option and the full path.</summary>
public static class ExistingFile
{
    public static Option<T> Required<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                string path = Path.GetFullPath(token.Value);
                if (Directory.Exists(path))
                {
                    result.AddError($"{option.Name}: '{path}' is a directory, not a file.");
                }
                else if (!File.Exists(path))
                {
                    result.AddError($"{option.Name}: file '{path}' does not exist.");
                }
            }
        });
        return option;
    }
}
