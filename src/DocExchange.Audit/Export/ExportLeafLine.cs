using System.Text.Json;

namespace DocExchange.Audit.Export;

/// <summary>A parsed leaf line: <c>{"leaf":&lt;leaf JSON&gt;}</c> or <c>{"leaf":&lt;leaf JSON&gt;,"inclusion":["&lt;base64&gt;",…]}</c>.</summary>
internal sealed record ExportLeafLine(ReadOnlyMemory<byte> Leaf, IReadOnlyList<byte[]>? Inclusion)
{
    public static bool TryParse(ReadOnlyMemory<byte> line, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExportLeafLine? parsed,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        parsed = null;
        try
        {
            var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { MaxDepth = 8 });
            Expect(ref reader, JsonTokenType.StartObject);
            ExpectProperty(ref reader, "leaf");
            Expect(ref reader, JsonTokenType.StartObject);
            int leafStart = (int)reader.TokenStartIndex;
            reader.Skip();
            int leafEnd = (int)reader.BytesConsumed;
            var leaf = line[leafStart..leafEnd];
            List<byte[]>? inclusion = null;
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("inclusion"u8))
                {
                    throw new FormatException($"unexpected key \"{reader.GetString()}\" (only \"leaf\" and \"inclusion\" are allowed)");
                }
                Expect(ref reader, JsonTokenType.StartArray);
                inclusion = [];
                while (true)
                {
                    Read(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new FormatException("\"inclusion\" must be an array of base64 strings");
                    }
                    inclusion.Add(reader.GetBytesFromBase64());
                }
                Read(ref reader);
            }
            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw new FormatException("expected the end of the line's object");
            }
            if (reader.BytesConsumed != line.Length)
            {
                throw new FormatException("the line has bytes after its JSON object");
            }
            if (!Encode(leaf.Span, inclusion).AsSpan().SequenceEqual(line.Span))
            {
                throw new FormatException("the line is not spelled exactly as {\"leaf\":LEAF} or {\"leaf\":LEAF,\"inclusion\":[\"BASE64\",…]} (no whitespace, that key order, standard base64 with padding)");
            }
            parsed = new ExportLeafLine(leaf, inclusion);
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            error = $"The line is not a leaf line ({{\"leaf\":{{…}},\"inclusion\":[…]}}): {e.Message}";
            return false;
        }
    }

    /// <summary>
    /// The one spelling of a leaf line (without its '\n'): <c>{"leaf":</c>, the leaf bytes verbatim, then
    /// <c>,"inclusion":["…",…]</c> when there is a proof (hashes in standard base64 with padding), then <c>}</c>.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]>? inclusion)
    {
        var line = new List<byte>(leaf.Length + 16 + (inclusion?.Count ?? 0) * 48);
        line.AddRange("{\"leaf\":"u8);
        line.AddRange(leaf);
        if (inclusion is not null)
        {
            line.AddRange(",\"inclusion\":["u8);
            for (int i = 0; i < inclusion.Count; i++)
            {
                if (i > 0)
                {
                    line.Add((byte)',');
                }
                line.Add((byte)'"');
                line.AddRange(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(inclusion[i])));
                line.Add((byte)'"');
            }
            line.Add((byte)']');
        }
        line.Add((byte)'}');
        return [.. line];
    }

    private static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("the line ends early");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Read(ref reader);
        if (reader.TokenType != type)
        {
            throw new FormatException($"expected {type} but found {reader.TokenType}");
        }
    }

    private static void ExpectProperty(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.PropertyName);
        if (!reader.ValueTextEquals(name))
        {
            throw new FormatException($"expected key \"{name}\" but found \"{reader.GetString()}\"");
        }
    }
}
