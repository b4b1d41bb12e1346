using System.Text;
using DocExchange.Core.Errors;

namespace DocExchange.Core.Documents;

/// <summary>Length and presence checks of text fields, with messages naming the field.</summary>
public static class FieldRules
{
    public static void Required(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) throw ExchangeException.InvalidArgument($"{field} is required");
        Length(value, field, maxLength);
    }

    public static void Length(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
            throw ExchangeException.InvalidArgument($"{field} is {value.Length} characters long; at most {maxLength} are allowed");
    }

    /// <summary>A required field limited in UTF-8 bytes (file names: file systems count bytes, not characters).</summary>
    public static void RequiredUtf8(string? value, string field, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(value)) throw ExchangeException.InvalidArgument($"{field} is required");
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
            throw ExchangeException.InvalidArgument(
                $"{field} is {bytes} bytes long in UTF-8 ({value.Length} characters); at most {maxBytes} bytes of UTF-8 are allowed: shorten the name");
    }
}
