using System.Globalization;

namespace DocExchange.Core.Files;

/// <summary>The file names the parts of a received document are written under, in one folder.</summary>
public static class PartFileNames
{
    /// <summary>
    /// The safe file name of a part: its own name made safe; when nothing of that is usable, its part id made safe
    /// (with the name's extension); when neither is, "part-N" for the <paramref name="number"/>th part (from 1).
    /// </summary>
    public static string Of(string? fileName, string? partId, int number) => SafeFileName.From(fileName, IdOrNumber(partId, number));

    /// <summary>
    /// A safe, distinct file name for every part, in order. Two parts whose names clash (compared without case, as
    /// some file systems do) are told apart by their part id, then by a number.
    /// </summary>
    public static IReadOnlyList<string> Assign(IReadOnlyList<(string PartId, string FileName)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var name = Of(parts[i].FileName, parts[i].PartId, i + 1);
            if (taken.Contains(name))
            {
                var prefix = IdOrNumber(parts[i].PartId, i + 1);
                name = SafeFileName.From($"{prefix}-{name}", Fallback(i + 1));
                for (var copy = 2; taken.Contains(name); copy++)
                {
                    name = SafeFileName.From(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{copy}-{Of(parts[i].FileName, parts[i].PartId, i + 1)}"), Fallback(i + 1));
                }
            }

            taken.Add(name);
            names.Add(name);
        }

        return names;
    }

    private static string IdOrNumber(string? partId, int number) => SafeFileName.From(partId, Fallback(number));

    private static string Fallback(int number) => string.Create(CultureInfo.InvariantCulture, $"part-{number}");
}
