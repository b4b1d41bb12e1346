using System.CommandLine;
using System.CommandLine.Parsing;

namespace DocExchange.Cli.Validation;

/// <summary>Makes a missing input file a usage error (exit 2) that names the option and the full path.</summary>
public static class ExistingFile
{
    public static Option<T> Required<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result => Check(result, option.Name));
        return option;
    }

    /// <summary>The same for an argument: a missing file is a usage error naming the argument and the full path.</summary>
    public static Argument<T> Required<T>(Argument<T> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.Validators.Add(result => Check(result, argument.Name.ToUpperInvariant()));
        return argument;
    }

    private static void Check(SymbolResult result, string name)
    {
        foreach (var token in result.Tokens)
        {
            string path = Path.GetFullPath(token.Value);
            if (Directory.Exists(path))
            {
                result.AddError($"{name}: '{path}' is a directory, not a file.");
            }
            else if (!File.Exists(path))
            {
                result.AddError($"{name}: file '{path}' does not exist.");
            }
        }
    }
}
