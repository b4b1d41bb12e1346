namespace DocExchange.Cli.Tests.Network;

/// <summary>Who dx calls the server as: one of the sample client certificates.</summary>
public enum Identity
{
    Operator,
    G22,
    H41,
}

internal static class Agencies
{
    public const string G22 = "000.00.00.G22";
    public const string H41 = "000.00.00.H41";

    public static string CertificateFile(Identity identity) => identity switch
    {
        Identity.Operator => "operator.pfx",
        Identity.G22 => "agency-G22.pfx",
        _ => "agency-H41.pfx",
    };
}
