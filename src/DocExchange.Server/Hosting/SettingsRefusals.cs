using System.Globalization;
using DocExchange.Server.Configuration;
using Microsoft.Extensions.Configuration;

namespace DocExchange.Server.Hosting;

/// <summary>
/// Settings the server cannot use stop the start-up with one line naming the setting as it is configured
/// (DocExchange:Section:Name), not with an exception's stack trace.
/// </summary>
internal static class SettingsRefusals
{
    /// <summary>Binds the DocExchange section; a value that does not convert (a word where a number goes) is refused naming its key.</summary>
    public static DocExchangeOptions Bind(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(DocExchangeOptions.SectionName).Get<DocExchangeOptions>() ?? new DocExchangeOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the value, its key and the type it needed.
            throw new StartupException(e.Message, e);
        }
    }

    /// <summary>Checks DocExchange:Limits (<see cref="Core.ExchangeOptions.Validate"/>), naming a value out of range by its key.</summary>
    public static void ValidateLimits(Core.ExchangeOptions limits)
    {
        try
        {
            limits.Validate();
        }
        catch (ArgumentException e) when (e.ParamName is { } name)
        {
            var key = $"{DocExchangeOptions.SectionName}:Limits:{name}";
            var value = e is ArgumentOutOfRangeException { ActualValue: { } actual } ? Convert.ToString(actual, CultureInfo.InvariantCulture) : null;
            // The reason without the exception's own "(Parameter …)" and "Actual value was …" lines.
            var reason = e.Message[..IndexOrEnd(e.Message, " (Parameter '")].Replace($"ExchangeOptions.{name} ", "", StringComparison.Ordinal);
            throw new StartupException(value is null ? $"{key}: {reason}." : $"{key} is {value}: it {reason}.", e);
        }
    }

    private static int IndexOrEnd(string text, string part) => text.IndexOf(part, StringComparison.Ordinal) is var at and >= 0 ? at : text.Length;
}
