using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DocExchange.Core.Files;

namespace DocExchange.Samples.AgencyDmsBridge.Files;

/// <summary>File and folder names made from values the bridge does not control, such as edXML document ids.</summary>
public static class SafeNames
{
    private const char DigestMarker = '~';

    /// <summary>128 bits of SHA-256: finding two ids with the same digest takes about 2^64 tries, out of a sender's reach.</summary>
    private const int DigestHexDigits = 32;

    private const string Fallback = "document";

    /// <summary>
    /// The name of a document id: distinct ids always get distinct names, each a single name inside its folder that
    /// the client library's <see cref="SafeFileName"/> rules leave as it is.
    /// <para>
    /// Its readable form is the id with '/' and '\' made '-', then made safe by <see cref="SafeFileName"/> (controls and
    /// escape sequences replaced, a name made only of dots replaced, a long name shortened). An id whose readable form
    /// gives the id back is named by its readable form alone: "000.00.00.G22,2024/05/01,7816/VPCP-TTĐT" becomes
    /// "000.00.00.G22,2024-05-01,7816-VPCP-TTĐT", as in earlier versions of the bridge. Giving the id back means:
    /// <see cref="SafeFileName"/> changed nothing, the id has no '~' and does not start with '.' (hidden names are the
    /// bridge's own, such as .cursor), and putting '/' back where an edXML id has it (every '-' of the date, the
    /// first '-' after the number; see <see cref="DocumentIdOf"/>) yields the id itself.
    /// </para>
    /// <para>
    /// Every other id is named by its readable form, shortened to leave room, then '~' and the first 32 hex digits
    /// of SHA-256 of the whole id in UTF-8 (an id that is not valid UTF-16: of 0xFF and its UTF-16LE code units, so
    /// that no two ids share a digest's input). Number "1-A" with notation "B" is "…,1-A-B~…" beside number "1"
    /// with notation "A-B", "…,1-A-B"; a notation holding '/' ("15/2024/NĐ-CP") has a digest too.
    /// </para>
    /// <para>
    /// Why no two ids share a name: a plain name determines its id (<see cref="DocumentIdOf"/> is a function); plain
    /// names hold no '~', while every other name ends with '~' and the digest, which is never shortened; and two of
    /// those share a name only if their ids share 128 bits of SHA-256. On a case-insensitive file system (not the
    /// bridge's Linux target) ids that differ only in case would still share a name.
    /// </para>
    /// </summary>
    public static string ForDocumentId(string documentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        var readable = SafeFileName.From(documentId.Replace('/', '-').Replace('\\', '-'), Fallback);
        if (!documentId.Contains(DigestMarker, StringComparison.Ordinal)
            && !documentId.StartsWith('.')
            && string.Equals(DocumentIdOf(readable), documentId, StringComparison.Ordinal))
        {
            return readable;
        }

        var suffix = DigestMarker + Convert.ToHexStringLower(Digest(documentId))[..DigestHexDigits];
        return Prefix(readable, SafeFileName.MaxBytes - suffix.Length) + suffix;
    }

    /// <summary>The full path of <paramref name="name"/> in <paramref name="folder"/>, proven to stay inside it.</summary>
    public static string PathIn(string folder, string name) => SafeFileName.PathInside(folder, name);

    /// <summary>
    /// The id a readable form stands for: with three comma-separated fields ({sender},{yyyy-MM-dd},{number}-{notation}),
    /// every '-' of the second field and the first '-' of the third become '/'; any other name stands for itself.
    /// </summary>
    private static string DocumentIdOf(string readable)
    {
        var fields = readable.Split(',');
        if (fields.Length != 3)
        {
            return readable;
        }

        var number = fields[2].IndexOf('-', StringComparison.Ordinal);
        var code = number < 0 ? fields[2] : $"{fields[2][..number]}/{fields[2][(number + 1)..]}";
        return $"{fields[0]},{fields[1].Replace('-', '/')},{code}";
    }

    private static byte[] Digest(string documentId)
    {
        var utf8 = Encoding.UTF8.GetBytes(documentId);
        if (string.Equals(Encoding.UTF8.GetString(utf8), documentId, StringComparison.Ordinal))
        {
            return SHA256.HashData(utf8);
        }

        // Unpaired surrogates, which UTF-8 would replace: 0xFF never occurs in UTF-8, so these inputs are apart from the others.
        var codeUnits = new byte[1 + (2 * documentId.Length)];
        codeUnits[0] = 0xFF;
        for (var i = 0; i < documentId.Length; i++)
        {
            codeUnits[1 + (2 * i)] = (byte)documentId[i];
            codeUnits[2 + (2 * i)] = (byte)(documentId[i] >> 8);
        }

        return SHA256.HashData(codeUnits);
    }

    /// <summary>The longest start of <paramref name="name"/> within <paramref name="maxBytes"/> UTF-8 bytes, cut between text elements.</summary>
    private static string Prefix(string name, int maxBytes)
    {
        var kept = new StringBuilder();
        var used = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            used += Encoding.UTF8.GetByteCount(element);
            if (used > maxBytes)
            {
                break;
            }

            kept.Append(element);
        }

        return kept.Length == 0 ? Fallback : kept.ToString();
    }
}
