using System.Security.Cryptography;
using System.Xml.Linq;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>
/// A package as its leaf elements in document order, "path=value", to compare two packages element by element
/// whatever their prefix, indentation and base64 line length.
/// </summary>
internal static class PackageLeaves
{
    private static readonly XNamespace Edxml = HandWrittenPackage.Ns;

    /// <summary>Integer fields where 0 is the field's absence (the native header cannot tell them apart).</summary>
    private static readonly HashSet<string> OptionalIntegers = ["Type", "Priority", "PromulgationAmount", "PageAmount", "SteeringType"];

    /// <summary>
    /// The leaves, except those under <paramref name="excluded"/> (paths from below the root, e.g.
    /// "edXMLEnvelope/edXMLHeader/TraceHeaderList"). An empty leaf, an optional integer of 0 and a leaf the package
    /// leaves out are one value in the mapping (docs/EDXML.md: "every other field may be absent or empty"), so empty
    /// ones are skipped (an attachment's content excepted: empty is a 0-byte file). Attachments are compared by the SHA-256 of the bytes their base64 decodes to, and a
    /// content id as written with its cid: prefix (read either way, written with it).
    /// </summary>
    public static List<string> Of(byte[] package, params string[] excluded)
    {
        using var input = new MemoryStream(package, writable: false);
        var document = XDocument.Load(input, LoadOptions.PreserveWhitespace);
        return document.Root!.Descendants()
            .Where(e => !e.HasElements && e.Name.Namespace == Edxml)
            .Select(e => (Path: PathOf(e), e.Name.LocalName, e.Value))
            .Where(leaf => !excluded.Any(x => leaf.Path == x || leaf.Path.StartsWith(x + "/", StringComparison.Ordinal)))
            .Where(leaf => leaf.LocalName == "ContentTransferEncoded" || (leaf.Value.Length > 0 && !(leaf.Value == "0" && OptionalIntegers.Contains(leaf.LocalName))))
            .Select(leaf => leaf.Path + "=" + leaf.LocalName switch
            {
                "ContentTransferEncoded" => "sha256:" + Convert.ToHexString(SHA256.HashData(Convert.FromBase64String(leaf.Value))),
                "ContentId" => leaf.Value.StartsWith("cid:", StringComparison.Ordinal) ? leaf.Value : "cid:" + leaf.Value,
                _ => leaf.Value,
            })
            .ToList();
    }

    /// <summary>The elements of <paramref name="package"/> outside the edXML namespace, as "path" (the envelope signature).</summary>
    public static List<string> ForeignElements(byte[] package)
    {
        using var input = new MemoryStream(package, writable: false);
        return XDocument.Load(input).Root!.Descendants()
            .Where(e => e.Name.Namespace != Edxml && e.Parent!.Name.Namespace == Edxml)
            .Select(PathOf)
            .ToList();
    }

    /// <summary>Fails showing the first leaf where the two packages part and what follows it on each side.</summary>
    public static void AssertSame(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i]) i++;
        if (i == expected.Count && i == actual.Count) return;
        Assert.Fail($"""
            the packages part at leaf {i} of {expected.Count} expected, {actual.Count} actual.
            expected:
              {string.Join("\n  ", expected.Skip(i).Take(4))}
            actual:
              {string.Join("\n  ", actual.Skip(i).Take(4))}
            """);
    }

    private static string PathOf(XElement element) =>
        string.Join('/', element.AncestorsAndSelf().Reverse().Skip(1).Select(a => a.Name.LocalName));
}
