using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DocExchange.Core.Text;

namespace DocExchange.Cli.Output;

/// <summary>
/// Writes strings as dx's encoder does (readable Vietnamese, control characters escaped), and also escapes the
/// bidirectional controls that the relaxed encoder lets through: JSON printed on a terminal keeps a sender's text
/// exactly, without letting it reorder what the terminal shows.
/// </summary>
internal sealed class BidiEscapingStringConverter(JavaScriptEncoder encoder) : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (!value.Any(UntrustedText.IsBidiControl))
        {
            writer.WriteStringValue(value);
            return;
        }

        var json = new StringBuilder("\"");
        foreach (var c in JsonEncodedText.Encode(value, encoder).Value)
        {
            json.Append(UntrustedText.IsBidiControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c);
        }

        writer.WriteRawValue(json.Append('"').ToString(), skipInputValidation: true);
    }
}
