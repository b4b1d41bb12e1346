using System.Globalization;
using System.Text;
using DocExchange.Core.Text;

namespace DocExchange.Core.Files;

/// <summary>
/// Turns a name another party chose (a part's file name, a document id) into a file name that is safe to create in
/// a folder of the recipient's: one name, never a path, printable, portable, and short enough for every file system.
/// The one implementation used by the client library, dx and the sample bridge.
/// </summary>
public static class SafeFileName
{
    /// <summary>
    /// The longest name produced, in UTF-8 bytes: file systems take 255 bytes (NAME_MAX), and this leaves room for what
    /// a user or a tool adds to a name (a copy number, a backup suffix).
    /// </summary>
    public const int MaxBytes = 240;

    /// <summary>An extension kept when a name is shortened or replaced: a dot and 1 to 15 letters or digits.</summary>
    private const int MaxExtensionLength = 16;

    private static readonly char[] NotPortable = ['<', '>', ':', '"', '|', '?', '*'];

    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// The safe form of <paramref name="name"/>: escape sequences, controls and bidi controls become '_' (line breaks
    /// and tabs spaces), only what follows the last '/' or '\' is kept, characters that Windows refuses become '_',
    /// surrounding spaces and trailing dots go, and a name longer than <see cref="MaxBytes"/> is shortened keeping its
    /// extension and whole characters. A name left empty or made only of dots and spaces becomes
    /// <paramref name="fallback"/> (with the name's extension, if any).
    /// </summary>
    /// <param name="name">The name as the other party gave it.</param>
    /// <param name="fallback">A safe name of the caller's, such as "part-2": never derived from <paramref name="name"/>.</param>
    public static string From(string? name, string fallback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fallback);
        var clean = UntrustedText.Clean(name, '_');
        clean = clean[(clean.LastIndexOfAny(['/', '\\']) + 1)..];
        foreach (var c in NotPortable)
        {
            clean = clean.Replace(c, '_');
        }

        clean = clean.Trim().TrimEnd('.', ' ');
        var extension = ExtensionOf(clean);
        var stem = clean[..^extension.Length];
        if (stem.All(c => c is '.' or ' '))
        {
            stem = fallback;
        }

        if (WindowsDeviceNames.Contains(stem.Split('.')[0].TrimEnd(' ')))
        {
            stem = "_" + stem;
        }

        return Shortened(stem, extension, fallback);
    }

    /// <summary>
    /// The full path of <paramref name="fileName"/> in <paramref name="folder"/>, after proving that it names an entry
    /// directly inside that folder (Path.GetFullPath resolves "..", separators and rooted names).
    /// </summary>
    /// <exception cref="UnsafeFileNameException">The name would leave the folder, or name the folder itself.</exception>
    public static string PathInside(string folder, string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(fileName);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var full = fileName.Length == 0 ? root : Path.GetFullPath(Path.Combine(root, fileName));
        if (!string.Equals(Path.GetDirectoryName(full), root, StringComparison.Ordinal)
            || !string.Equals(Path.GetFileName(full), fileName, StringComparison.Ordinal))
        {
            throw new UnsafeFileNameException(
                $"The file name '{UntrustedText.Printable(fileName)}' does not name a file inside {UntrustedText.Printable(root)}; nothing was written.");
        }

        return full;
    }

    /// <summary>".pdf" of "report.pdf"; empty when the name has no short alphanumeric extension.</summary>
    private static string ExtensionOf(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot < 0 || name.Length - dot > MaxExtensionLength || name.Length - dot < 2)
        {
            return string.Empty;
        }

        var extension = name[dot..];
        return extension.Skip(1).All(char.IsLetterOrDigit) ? extension : string.Empty;
    }

    private static string Shortened(string stem, string extension, string fallback)
    {
        var room = MaxBytes - Encoding.UTF8.GetByteCount(extension);
        if (Encoding.UTF8.GetByteCount(stem) <= room)
        {
            return stem + extension;
        }

        // Whole text elements (grapheme clusters), so that no UTF-8 sequence and no combining mark is cut.
        var kept = new StringBuilder();
        var used = 0;
        var elements = StringInfo.GetTextElementEnumerator(stem);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var bytes = Encoding.UTF8.GetByteCount(element);
            if (used + bytes > room)
            {
                break;
            }

            kept.Append(element);
            used += bytes;
        }

        var shortened = kept.ToString().TrimEnd('.', ' ');
        return (shortened.Length == 0 ? fallback : shortened) + extension;
    }
}
