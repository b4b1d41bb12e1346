using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Validation;

/// <summary>Structural equality of PDF objects (references compared by number, streams by raw bytes).</summary>
internal static class PdfObjectComparer
{
    public static bool AreEqual(PdfObject? a, PdfObject? b, int depth = 0)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || depth > 64)
        {
            return false;
        }
        return (a, b) switch
        {
            (PdfNull, PdfNull) => true,
            (PdfBoolean x, PdfBoolean y) => x.Value == y.Value,
            (PdfInteger x, PdfInteger y) => x.Value == y.Value,
            (PdfReal x, PdfReal y) => x.Value.Equals(y.Value),
            (PdfInteger x, PdfReal y) => ((double)x.Value).Equals(y.Value),
            (PdfReal x, PdfInteger y) => x.Value.Equals(y.Value),
            (PdfString x, PdfString y) => x.Value.AsSpan().SequenceEqual(y.Value),
            (PdfName x, PdfName y) => x.Value == y.Value,
            (PdfReference x, PdfReference y) => x.Equals(y),
            (PdfArray x, PdfArray y) => x.Count == y.Count && x.Items.Zip(y.Items).All(p => AreEqual(p.First, p.Second, depth + 1)),
            (PdfDictionary x, PdfDictionary y) => DictionariesEqual(x, y, depth, ignore: null),
            (PdfStream x, PdfStream y) => DictionariesEqual(x.Dictionary, y.Dictionary, depth, ignore: "Length")
                && x.DataLength == y.DataLength && x.ReadRawData().AsSpan().SequenceEqual(y.ReadRawData()),
            _ => false,
        };
    }

    public static bool DictionariesEqual(PdfDictionary x, PdfDictionary y, int depth, string? ignore)
    {
        var keys = x.Keys.Union(y.Keys).Where(k => k != ignore);
        return keys.All(k => AreEqual(x[k], y[k], depth + 1));
    }

    /// <summary>Keys whose values differ between two dictionaries.</summary>
    public static IReadOnlyList<string> ChangedKeys(PdfDictionary before, PdfDictionary after) =>
        before.Keys.Union(after.Keys).Where(k => !AreEqual(before[k], after[k])).ToList();
}
