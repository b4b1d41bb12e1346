using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Validation;

/// <summary>Where the objects a later revision may touch live in the earlier revision: catalog, form, pages, annotations.</summary>
internal sealed class ModificationContext
{
    public ModificationContext(PdfDocument document, PdfRevision before, PdfRevision after)
    {
        Document = document;
        Before = before;
        After = after;
        var catalogReference = before.Trailer["Root"] as PdfReference;
        CatalogNumber = catalogReference?.Number;
        InfoNumber = (before.Trailer["Info"] as PdfReference)?.Number;
        var catalog = document.ResolveDictionary(catalogReference, before);
        AcroFormNumber = (catalog?["AcroForm"] as PdfReference)?.Number;
        DssNumber = (catalog?["DSS"] as PdfReference)?.Number;
        var acroForm = document.ResolveDictionary(catalog?["AcroForm"], before);
        FieldsArrayNumber = (acroForm?["Fields"] as PdfReference)?.Number;
        if (document.Resolve(acroForm?["Fields"], before) is PdfArray fields)
        {
            foreach (var field in fields.Items)
            {
                AddFormField(field, 0, null);
            }
        }
        var pages = catalog is null ? [] : document.GetPageReferences(before);
        for (var i = 0; i < pages.Count; i++)
        {
            PageNumbers[pages[i].Number] = i;
            var page = document.ResolveDictionary(pages[i], before);
            if (page?["Annots"] is PdfReference annotsReference)
            {
                AnnotsArrayNumbers[annotsReference.Number] = i;
            }
            if (document.Resolve(page?["Annots"], before) is PdfArray annotations)
            {
                foreach (var annotation in annotations.Items.OfType<PdfReference>())
                {
                    var dictionary = document.ResolveDictionary(annotation, before);
                    if (dictionary is not null && dictionary.GetName("Subtype") != "Widget")
                    {
                        AnnotationNumbers[annotation.Number] = i;
                        AddAppearances(dictionary, AnnotationAppearanceNumbers);
                    }
                }
            }
            switch (page?["Contents"])
            {
                case PdfReference content:
                    ContentStreamNumbers[content.Number] = i;
                    if (document.Resolve(content, before) is PdfArray indirectParts)
                    {
                        AddContentParts(indirectParts, i);
                    }
                    break;
                case PdfArray parts:
                    AddContentParts(parts, i);
                    break;
            }
        }
    }

    public PdfDocument Document { get; }
    public PdfRevision Before { get; }
    public PdfRevision After { get; }
    public int? CatalogNumber { get; }
    public int? InfoNumber { get; }
    public int? AcroFormNumber { get; }
    public int? DssNumber { get; }
    public int? FieldsArrayNumber { get; }
    public Dictionary<int, int> PageNumbers { get; } = [];
    public Dictionary<int, int> AnnotsArrayNumbers { get; } = [];
    public Dictionary<int, int> ContentStreamNumbers { get; } = [];

    /// <summary>Non-signature form fields and their widgets, by object number, with the field's name.</summary>
    public Dictionary<int, string> FormFieldNumbers { get; } = [];

    /// <summary>Appearance streams (and appearance sub-dictionaries) of non-signature form field widgets.</summary>
    public HashSet<int> FormAppearanceNumbers { get; } = [];

    /// <summary>Annotations other than widgets, with their page index.</summary>
    public Dictionary<int, int> AnnotationNumbers { get; } = [];

    /// <summary>Appearance streams (and appearance sub-dictionaries) of annotations other than widgets.</summary>
    public HashSet<int> AnnotationAppearanceNumbers { get; } = [];

    public bool IsSignatureField(PdfDictionary? field, PdfRevision revision)
    {
        for (var depth = 0; field is not null && depth < 16; depth++)
        {
            if (field.GetName("FT") is { } type)
            {
                return type == "Sig";
            }
            field = Document.ResolveDictionary(field["Parent"], revision);
        }
        return false;
    }

    private void AddFormField(PdfObject item, int depth, string? parentName)
    {
        if (depth > 16 || item is not PdfReference reference || FormFieldNumbers.ContainsKey(reference.Number))
        {
            return;
        }
        var field = Document.ResolveDictionary(reference, Before);
        if (field is null || IsSignatureField(field, Before))
        {
            return;
        }
        var name = (field["T"] as PdfString)?.ToText() is { } partial ? (parentName is null ? partial : parentName + "." + partial) : parentName;
        FormFieldNumbers[reference.Number] = name ?? $"object {reference.Number}";
        AddAppearances(field, FormAppearanceNumbers);
        if (Document.Resolve(field["Kids"], Before) is PdfArray kids)
        {
            foreach (var kid in kids.Items)
            {
                AddFormField(kid, depth + 1, name);
            }
        }
    }

    // §12.5.5: /AP holds /N, /R, /D, each a stream or a dictionary of appearance states to streams.
    private void AddAppearances(PdfDictionary annotation, HashSet<int> into)
    {
        if (annotation["AP"] is PdfReference apReference)
        {
            into.Add(apReference.Number);
        }
        var ap = Document.ResolveDictionary(annotation["AP"], Before);
        foreach (var key in new[] { "N", "R", "D" })
        {
            if (ap?[key] is PdfReference streamOrStates)
            {
                into.Add(streamOrStates.Number);
            }
            if (Document.Resolve(ap?[key], Before) is PdfDictionary states)
            {
                foreach (var state in states.Entries.Select(e => e.Value).OfType<PdfReference>())
                {
                    into.Add(state.Number);
                }
            }
        }
    }

    private void AddContentParts(PdfArray parts, int page)
    {
        foreach (var part in parts.Items.OfType<PdfReference>())
        {
            ContentStreamNumbers[part.Number] = page;
        }
    }
}
