using System.Globalization;
using System.Text;
using DocExchange.Core.Statuses;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ProtoStatusCode = DocExchange.Protocol.V1.ProcessingStatusCode;

namespace DocExchange.Cli.Output.Views;

/// <summary>How protobuf values read in dx's tables and JSON: times, hashes, enum names, edXML status codes.</summary>
public static class ProtoText
{
    public static DateTimeOffset? Time(Timestamp? timestamp) => timestamp?.ToDateTimeOffset();

    /// <summary>A time for tables: local time to the minute second, with its offset.</summary>
    public static string Show(DateTimeOffset? time) =>
        time is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : "";

    public static string? Hex(ByteString bytes) => bytes.IsEmpty ? null : Convert.ToHexStringLower(bytes.Span);

    /// <summary>A protobuf enum value as the proto writes it without its prefix, e.g. TotalPassed → TOTAL_PASSED.</summary>
    public static string EnumName(System.Enum value)
    {
        string name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }

    /// <summary>The two-digit edXML code, e.g. "03".</summary>
    public static string StatusCode(ProtoStatusCode code) => ((StatusCode)(int)code).ToEdxml();

    /// <summary>What the code means, e.g. "accepted" (DocExchange.Core's wording).</summary>
    public static string StatusName(ProtoStatusCode code)
    {
        string described = ((StatusCode)(int)code).Describe(); // "03 (accepted)"
        int open = described.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? described : described[(open + 1)..^1];
    }

    /// <summary>e.g. "1.2 KB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };
}
