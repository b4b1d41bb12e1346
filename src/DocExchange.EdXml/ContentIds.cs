namespace DocExchange.EdXml;

/// <summary>Manifest and attachment content ids: <c>cid:{id}</c> or bare; both name the same attachment.</summary>
internal static class ContentIds
{
    public static string Bare(string text, string element)
    {
        var id = text.Trim();
        if (id.StartsWith(EdXmlNames.CidPrefix, StringComparison.OrdinalIgnoreCase)) id = id[EdXmlNames.CidPrefix.Length..];
        if (id.Length == 0) throw EdXmlException.Invalid(element, "is empty; it is mandatory");
        return id;
    }
}
