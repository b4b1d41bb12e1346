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
}
