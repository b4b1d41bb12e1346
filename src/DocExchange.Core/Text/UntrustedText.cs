using System.Text;

namespace DocExchange.Core.Text;

/// <summary>
/// Text another party chose (file names, subjects, reasons, signer names), made inert before it is shown on a
/// terminal or used in a file name. Terminal escape sequences (ECMA-48 §5.3–5.6: CSI, OSC, DCS, SOS, PM, APC and
/// two-character escapes, in their 7-bit and 8-bit forms) are replaced as a whole; line breaks and tabs become spaces;
/// every other control character (C0, DEL, C1), bidirectional control (Unicode UAX #9: U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069) and unpaired surrogate is replaced.
/// </summary>
public static class UntrustedText
{
    /// <summary>What <see cref="Printable"/> puts where something was removed: visible, and inert.</summary>
    public const char Replacement = '\uFFFD';

    private const char Escape = '\u001B';
    private const char Bell = '\u0007';
    private const char StringTerminator = '\u009C';

    /// <summary>The text as it may be written to a terminal, on one line: nothing in it can move the cursor, change colours or reorder what follows.</summary>
    public static string Printable(string? text) => Clean(text, Replacement);

    /// <summary>True when <paramref name="text"/> is already printable: <see cref="Printable"/> would return it unchanged.</summary>
    public static bool IsPrintable(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Bidirectional formatting characters (UAX #9 §2): they reorder how the rest of a line is displayed.</summary>
    public static bool IsBidiControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>C0 controls, DEL and C1 controls.</summary>
    public static bool IsControl(char c) => c < '\u0020' || c is >= '\u007F' and <= '\u009F';

    /// <summary>Replaces every escape sequence, control, bidi control and unpaired surrogate with <paramref name="replacement"/>; line breaks and tabs become spaces.</summary>
    internal static string Clean(string? text, char replacement)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsPrintable(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsUnsafe(text, i))
            {
                clean.Append(c);
                if (char.IsHighSurrogate(c))
                {
                    clean.Append(text[++i]);
                }
            }
            else if (IsLineBreakOrTab(c))
            {
                clean.Append(' ');
            }
            else
            {
                i = EndOfSequence(text, i);
                clean.Append(replacement);
            }
        }

        return clean.ToString();
    }

    private static bool IsUnsafe(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            // A low surrogate reached here has no high surrogate before it (a pair is skipped as a whole).
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return IsControl(c) || IsBidiControl(c) || c is '\u2028' or '\u2029';
    }

    private static bool IsLineBreakOrTab(char c) => c is '\t' or '\n' or '\v' or '\f' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>The index of the last character of the escape sequence starting at <paramref name="start"/> (itself when it starts none).</summary>
    private static int EndOfSequence(string text, int start)
    {
        var c = text[start];
        if (c == Escape && start + 1 < text.Length)
        {
            var next = text[start + 1];
            return next switch
            {
                '[' => EndOfControlSequence(text, start + 2),
                ']' or 'P' or 'X' or '^' or '_' => EndOfControlString(text, start + 2),
                >= '\u0020' and <= '\u002F' => EndOfEscape(text, start + 1),
                >= '\u0030' and <= '\u007E' => start + 1,
                _ => start,
            };
        }

        return c switch
        {
            '\u009B' => EndOfControlSequence(text, start + 1),
            '\u009D' or '\u0090' or '\u0098' or '\u009E' or '\u009F' => EndOfControlString(text, start + 1),
            _ => start,
        };
    }

    /// <summary>CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E (ECMA-48 §5.4).</summary>
    private static int EndOfControlSequence(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is >= '\u0020' and <= '\u003F')
        {
            i++;
        }

        return i < text.Length && text[i] is >= '\u0040' and <= '\u007E' ? i : i - 1;
    }

    /// <summary>OSC, DCS, SOS, PM, APC: everything up to ST (ESC \ or 0x9C), or BEL as terminals also accept for OSC (ECMA-48 §5.6).</summary>
    private static int EndOfControlString(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] is Bell or StringTerminator)
            {
                return i;
            }

            if (text[i] == Escape && i + 1 < text.Length && text[i + 1] == '\\')
            {
                return i + 1;
            }
        }

        return text.Length - 1;
    }

    /// <summary>ESC, intermediate bytes 0x20–0x2F, one final byte 0x30–0x7E (ECMA-48 §5.3).</summary>
    private static int EndOfEscape(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is >= '\u0020' and <= '\u002F')
        {
            i++;
        }

        return i < text.Length && text[i] is >= '\u0030' and <= '\u007E' ? i : i - 1;
    }
}
