namespace DocExchange.EdXml;

internal static class SignedXmlNames
{
    /// <summary>XML-DSig (https://www.w3.org/TR/xmldsig-core1/).</summary>
    public const string Namespace = "http://www.w3.org/2000/09/xmldsig#";
}
