using System.Globalization;
using System.Text.RegularExpressions;

namespace DocExchange.Audit.Tests;

/// <summary>The RFC 3161 genTime a checkpoint timestamp check states in its message, read back as a time.</summary>
internal static partial class StatedGenTime
{
    public static DateTimeOffset In(string message)
    {
        var stated = GenTime().Match(message);
        Assert.True(stated.Success, $"no genTime in: {message}");
        return DateTimeOffset.Parse(stated.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"genTime (\d{4}-\d\d-\d\dT[\d:.]+Z)")]
    private static partial Regex GenTime();
}
