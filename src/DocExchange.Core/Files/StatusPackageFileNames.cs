using System.Globalization;

namespace DocExchange.Core.Files;

/// <summary>The file names a document's edXML status packages are written under, in one folder.</summary>
public static class StatusPackageFileNames
{
    /// <summary>
    /// "status-SEQUENCE-RECIPIENT.edxml": the recipient code comes from the server's answer, so it is made safe like any
    /// name another party chose (an agency code passes unchanged); the sequence keeps the names distinct.
    /// </summary>
    public static string Of(long sequence, string? recipient)
    {
        var number = sequence.ToString(CultureInfo.InvariantCulture);
        return SafeFileName.From($"status-{number}-{recipient}.edxml", $"status-{number}");
    }
}
