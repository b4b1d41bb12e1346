using System.Buffers.Text;
using System.Text;
using DocExchange.Core.Errors;

namespace DocExchange.Core.Paging;

/// <summary>
/// Opaque page tokens: a keyset position wrapped with a kind tag, so a token from one listing is refused by another.
/// </summary>
public static class PageToken
{
    public static string Encode(string kind, string position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{position}"));

    /// <summary>The position inside a token, or null for an empty token. Throws InvalidArgument for a foreign token.</summary>
    public static string? Decode(string kind, string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw Invalid(token);
        }
        var prefix = kind + ":";
        if (!text.StartsWith(prefix, StringComparison.Ordinal)) throw Invalid(token);
        return text[prefix.Length..];
    }

    public static long? DecodeInt64(string kind, string? token)
    {
        var position = Decode(kind, token);
        if (position is null) return null;
        return long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(token!);
    }

    private static ExchangeException Invalid(string token) =>
        ExchangeException.InvalidArgument(
            $"page token '{token}' is not valid for this listing: pass the next_page_token of the previous page, or none for the first page");
}
