using System.Globalization;
using System.Text;

namespace DocExchange.Signing.Pdf;

/// <summary>Serialises objects in PDF syntax (§7.3).</summary>
internal static class PdfObjectWriter
{
    public static void Write(Stream output, PdfObject value)
    {
        if (value.Source is { } source)
        {
            // An incremental update must not re-format what it copies (a real keeps all its digits, a string its escapes).
            output.Write(source.Read());
            return;
        }
        switch (value)
        {
            case PdfNull:
                Ascii(output, "null");
                break;
            case PdfBoolean boolean:
                Ascii(output, boolean.Value ? "true" : "false");
                break;
            case PdfInteger integer:
                Ascii(output, integer.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case PdfReal real:
                Ascii(output, FormatReal(real.Value));
                break;
            case PdfString text:
                WriteString(output, text);
                break;
            case PdfName name:
                WriteName(output, name.Value);
                break;
            case PdfReference reference:
                Ascii(output, $"{reference.Number} {reference.Generation} R");
                break;
            case PdfArray array:
                output.WriteByte((byte)'[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.WriteByte((byte)' ');
                    }
                    Write(output, array[i]);
                }
                output.WriteByte((byte)']');
                break;
            case PdfDictionary dictionary:
                WriteDictionary(output, dictionary);
                break;
            case PdfStream stream:
                var data = stream.ReadRawData();
                var dictionaryWithLength = new PdfDictionary(stream.Dictionary) { ["Length"] = new PdfInteger(data.Length) };
                WriteDictionary(output, dictionaryWithLength);
                Ascii(output, "\nstream\n");
                output.Write(data);
                Ascii(output, "\nendstream");
                break;
            case PdfRaw raw:
                output.Write(raw.Bytes);
                break;
            default:
                throw new NotSupportedException($"Cannot write {value.GetType().Name}.");
        }
    }

    public static string FormatReal(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "0";
        }
        var text = value.ToString("0.##########", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }

    public static void Ascii(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    private static void WriteDictionary(Stream output, PdfDictionary dictionary)
    {
        Ascii(output, "<<");
        foreach (var (key, entry) in dictionary.Entries)
        {
            WriteName(output, key);
            output.WriteByte((byte)' ');
            Write(output, entry);
        }
        Ascii(output, ">>");
    }

    private static void WriteName(Stream output, string name)
    {
        output.WriteByte((byte)'/');
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            if (b is < 0x21 or > 0x7E or (byte)'#' || PdfLexer.IsDelimiter(b))
            {
                Ascii(output, "#" + b.ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                output.WriteByte(b);
            }
        }
    }

    private static void WriteString(Stream output, PdfString text)
    {
        var bytes = text.Value;
        if (text.IsHex || bytes.Any(b => b is < 0x20 or > 0x7E))
        {
            output.WriteByte((byte)'<');
            Ascii(output, Convert.ToHexString(bytes));
            output.WriteByte((byte)'>');
            return;
        }
        output.WriteByte((byte)'(');
        foreach (var b in bytes)
        {
            if (b is (byte)'(' or (byte)')' or (byte)'\\')
            {
                output.WriteByte((byte)'\\');
            }
            output.WriteByte(b);
        }
        output.WriteByte((byte)')');
    }
}

/// <summary>Bytes written verbatim; used for placeholders whose position must be known.</summary>
internal sealed class PdfRaw(byte[] bytes) : PdfObject
{
    public byte[] Bytes { get; } = bytes;
}
