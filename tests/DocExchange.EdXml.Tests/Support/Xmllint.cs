namespace DocExchange.EdXml.Tests.Support;

/// <summary>xmllint (Debian libxml2-utils) as an independent judge of the XML we write.</summary>
internal static class Xmllint
{
    public static async Task<string> XPathAsync(string file, string expression)
    {
        var result = (await ExternalTool.RunAsync("xmllint", "--nonet", "--xpath", expression, file)).EnsureSuccess();
        return result.Output.Trim();
    }
}
