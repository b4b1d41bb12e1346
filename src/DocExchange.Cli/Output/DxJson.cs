using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DocExchange.Cli.Output;

/// <summary>The one JSON style of <c>dx</c>: camelCase, indented, enums as camelCase strings, nulls left out.</summary>
public static class DxJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same style on one line, for JSON Lines (one object per line).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Vietnamese names stay readable; output is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new BidiEscapingStringConverter(JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
