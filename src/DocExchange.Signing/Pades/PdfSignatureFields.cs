using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Pades;

/// <summary>A signature field of a document: its name, whether it is signed, and where its widget is.</summary>
/// <param name="Page">1-based page of the widget; null when no page lists it.</param>
/// <param name="Rect">The widget's rectangle as x, y, width, height in points; null when it has no area (invisible).</param>
public sealed record PdfSignatureFieldInfo(string Name, bool IsSigned, int? Page, IReadOnlyList<double>? Rect);

/// <summary>Lists a PDF's signature fields, so that a signer can sign into a prepared empty one by name.</summary>
public static class PdfSignatureFields
{
    public static IReadOnlyList<PdfSignatureFieldInfo> List(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Position = 0;
        var document = PdfDocument.Open(input, cancellationToken);
        var pages = document.GetPageReferences();
        var pageOfAnnotation = new Dictionary<int, int>();
        for (var i = 0; i < pages.Count; i++)
        {
            if (document.Resolve(document.ResolveDictionary(pages[i])?["Annots"]) is PdfArray annotations)
            {
                foreach (var annotation in annotations.Items.OfType<PdfReference>())
                {
                    pageOfAnnotation.TryAdd(annotation.Number, i + 1);
                }
            }
        }
        return document.GetSignatureFields().Select(field =>
        {
            // The widget is the field itself or its first kid (§12.7.3.1).
            var widgetReference = field.Field["Kids"] is not null && document.Resolve(field.Field["Kids"]) is PdfArray { Count: > 0 } kids && kids[0] is PdfReference kid ? kid : field.FieldReference;
            var widget = widgetReference is null ? field.Field : document.ResolveDictionary(widgetReference) ?? field.Field;
            int? page = widgetReference is not null && pageOfAnnotation.TryGetValue(widgetReference.Number, out var p) ? p : null;
            IReadOnlyList<double>? rect = null;
            if (document.Resolve(widget["Rect"]) is PdfArray { Count: 4 } r && r.Items.Select(Number).ToArray() is [var x1, var y1, var x2, var y2]
                && Math.Abs(x2 - x1) > 0 && Math.Abs(y2 - y1) > 0)
            {
                rect = [Math.Min(x1, x2), Math.Min(y1, y2), Math.Abs(x2 - x1), Math.Abs(y2 - y1)];
            }
            return new PdfSignatureFieldInfo(field.FullName, field.Signature is not null, page, rect);
        }).ToList();
    }

    internal static double Number(PdfObject value) => value switch
    {
        PdfInteger integer => integer.Value,
        PdfReal real => real.Value,
        _ => 0,
    };
}
