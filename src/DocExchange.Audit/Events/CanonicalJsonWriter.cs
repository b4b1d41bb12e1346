using System.Buffers;
using System.Globalization;
using System.Text;

namespace DocExchange.Audit.Events;

/// <summary>
/// Writes the canonical JSON of docs/AUDIT-FORMAT.md: no whitespace, keys in the order written, strings with only
/// the escapes JSON requires (\" \\ \b \f \n \r \t, other controls as \u00xx lowercase) and every other
/// character as raw UTF-8. Text that is not valid UTF-16 (a lone surrogate) is refused.
/// </summary>
internal sealed class CanonicalJsonWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private bool _needsComma;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void StartObject() => Open((byte)'{');

    public void EndObject() => Close((byte)'}');

    public void StartArray() => Open((byte)'[');

    public void EndArray() => Close((byte)']');

    public void PropertyName(string name)
    {
        Separate();
        WriteString(name);
        WriteByte((byte)':');
        _needsComma = false;
    }

    public void StringValue(string value)
    {
        Separate();
        WriteString(value);
        _needsComma = true;
    }

    public void NumberValue(long value)
    {
        Separate();
        WriteAscii(value.ToString(CultureInfo.InvariantCulture));
        _needsComma = true;
    }

    private void Open(byte token)
    {
        Separate();
        WriteByte(token);
        _needsComma = false;
    }

    private void Close(byte token)
    {
        WriteByte(token);
        _needsComma = true;
    }

    private void Separate()
    {
        if (_needsComma)
        {
            WriteByte((byte)',');
        }
    }

    private void WriteString(string value)
    {
        WriteByte((byte)'"');
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out Rune rune, out int consumed) != OperationStatus.Done)
            {
                throw new ArgumentException($"The text \"{value}\" is not valid Unicode (a lone surrogate at position {i}).");
            }
            i += consumed;
            switch (rune.Value)
            {
                case '"': WriteAscii("\\\""); break;
                case '\\': WriteAscii("\\\\"); break;
                case '\b': WriteAscii("\\b"); break;
                case '\f': WriteAscii("\\f"); break;
                case '\n': WriteAscii("\\n"); break;
                case '\r': WriteAscii("\\r"); break;
                case '\t': WriteAscii("\\t"); break;
                case < 0x20: WriteAscii("\\u00" + rune.Value.ToString("x2", CultureInfo.InvariantCulture)); break;
                default:
                    int length = rune.EncodeToUtf8(utf8);
                    _buffer.Write(utf8[..length]);
                    break;
            }
        }
        WriteByte((byte)'"');
    }

    private void WriteAscii(string text)
    {
        var span = _buffer.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }
        _buffer.Advance(text.Length);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
