using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Validation;

/// <summary>
/// Classifies what each revision after a signature changed. Adding signatures, signature fields and widgets,
/// DSS data and document timestamps is allowed; changing page content, the page tree, other annotations or
/// any other existing object is not (ISO 32000-1 §12.8.2.2 spirit; a subset of what DocMDP P=2 allows).
/// </summary>
internal sealed class ModificationAnalyzer(PdfDocument document)
{
    private static readonly HashSet<string> AllowedCatalogKeys = ["AcroForm", "DSS", "Extensions", "Metadata"];
    private static readonly HashSet<string> AllowedAcroFormKeys = ["Fields", "SigFlags", "DR", "DA"];

    public IReadOnlyList<Modification> Analyze(int signedRevision)
    {
        var result = new List<Modification>();
        for (var index = signedRevision; index < document.Revisions.Count; index++)
        {
            AnalyzeRevision(document.Revisions[index - 1], document.Revisions[index], result);
        }
        return result;
    }

    private void AnalyzeRevision(PdfRevision before, PdfRevision after, List<Modification> result)
    {
        var number = after.Number;
        var context = new Context(document, before, after);
        var addedSignatures = document.GetSignatureFields(after).Where(f => f.Signature is not null)
            .ExceptBy(document.GetSignatureFields(before).Where(f => f.Signature is not null).Select(f => f.FullName), f => f.FullName)
            .ToList();
        foreach (var field in addedSignatures)
        {
            var what = field.Signature!.IsDocumentTimestamp ? "document timestamp" : "signature";
            result.Add(new Modification(number, $"Adds {what} '{field.FullName}'.", true));
        }
        var ownXrefStreams = after.OwnSections.Select(s => s.StreamObjectNumber).OfType<int>().ToHashSet();
        foreach (var objectNumber in after.ChangedObjectNumbers.Order())
        {
            if (objectNumber == 0 || ownXrefStreams.Contains(objectNumber))
            {
                continue;
            }
            var existed = before.Table.TryGetValue(objectNumber, out var entry) && entry.Type != PdfXrefEntryType.Free;
            var old = existed ? document.GetObject(objectNumber, before) : null;
            var current = document.GetObject(objectNumber, after);
            if (!existed || old is null)
            {
                continue; // new objects matter only through the existing objects that reference them
            }
            if (current is null)
            {
                result.Add(new Modification(number, $"Deletes object {objectNumber} ({Describe(old)}).", false));
                continue;
            }
            if (PdfObjectComparer.AreEqual(old, current))
            {
                continue;
            }
            result.Add(Classify(context, objectNumber, old, current));
        }
        if (!Equals(after.Trailer["Root"], before.Trailer["Root"]))
        {
            result.Add(new Modification(number, "Replaces the document catalog (/Root).", false));
        }
    }

    private Modification Classify(Context context, int objectNumber, PdfObject old, PdfObject current)
    {
        var number = context.After.Number;
        var oldDictionary = old as PdfDictionary ?? (old as PdfStream)?.Dictionary;
        var newDictionary = current as PdfDictionary ?? (current as PdfStream)?.Dictionary;

        if (objectNumber == context.CatalogNumber && oldDictionary is not null && newDictionary is not null)
        {
            var changed = PdfObjectComparer.ChangedKeys(oldDictionary, newDictionary);
            var disallowed = changed.Where(k => !AllowedCatalogKeys.Contains(k)).ToList();
            return disallowed.Count == 0
                ? new Modification(number, $"Updates the catalog's {string.Join(", ", changed.Select(k => "/" + k))}.", true)
                : new Modification(number, $"Changes the catalog's {string.Join(", ", disallowed.Select(k => "/" + k))}.", false);
        }
        if (objectNumber == context.AcroFormNumber && oldDictionary is not null && newDictionary is not null)
        {
            var changed = PdfObjectComparer.ChangedKeys(oldDictionary, newDictionary);
            var disallowed = changed.Where(k => !AllowedAcroFormKeys.Contains(k)).ToList();
            if (disallowed.Count > 0)
            {
                return new Modification(number, $"Changes the form's {string.Join(", ", disallowed.Select(k => "/" + k))}.", false);
            }
            return CheckOnlySignatureFieldsAdded(context, context.Document.Resolve(oldDictionary["Fields"], context.Before), context.Document.Resolve(newDictionary["Fields"], context.After), "form fields");
        }
        if (objectNumber == context.FieldsArrayNumber)
        {
            return CheckOnlySignatureFieldsAdded(context, old, current, "form fields");
        }
        if (context.PageNumbers.TryGetValue(objectNumber, out var pageIndex) && oldDictionary is not null && newDictionary is not null)
        {
            var changed = PdfObjectComparer.ChangedKeys(oldDictionary, newDictionary);
            if (changed.Contains("Contents"))
            {
                return new Modification(number, $"Changes the content of page {pageIndex + 1}.", false);
            }
            if (changed.Any(k => k != "Annots"))
            {
                return new Modification(number, $"Changes page {pageIndex + 1}'s {string.Join(", ", changed.Select(k => "/" + k))}.", false);
            }
            return CheckOnlySignatureFieldsAdded(context, context.Document.Resolve(oldDictionary["Annots"], context.Before), context.Document.Resolve(newDictionary["Annots"], context.After), $"annotations of page {pageIndex + 1}");
        }
        if (context.AnnotsArrayNumbers.TryGetValue(objectNumber, out var annotsPage))
        {
            return CheckOnlySignatureFieldsAdded(context, old, current, $"annotations of page {annotsPage + 1}");
        }
        if (context.ContentStreamNumbers.TryGetValue(objectNumber, out var contentPage))
        {
            return new Modification(number, $"Changes the content of page {contentPage + 1}.", false);
        }
        if (oldDictionary?.GetName("Type") == "Pages")
        {
            return new Modification(number, "Changes the page tree (pages added, removed or reordered).", false);
        }
        if (objectNumber == context.DssNumber)
        {
            return new Modification(number, "Updates the document security store (/DSS).", true);
        }
        if (objectNumber == context.InfoNumber)
        {
            return new Modification(number, "Updates the document information dictionary.", true);
        }
        if (oldDictionary is not null && newDictionary is not null && IsSignatureField(context, oldDictionary, context.Before) && oldDictionary["V"] is null)
        {
            var changed = PdfObjectComparer.ChangedKeys(oldDictionary, newDictionary);
            if (changed.All(k => k is "V" or "AP" or "MK"))
            {
                return new Modification(number, $"Signs the empty signature field '{(oldDictionary["T"] as PdfString)?.ToText()}'.", true);
            }
        }
        return new Modification(number, $"Modifies object {objectNumber} ({Describe(old)}).", false);
    }

    private Modification CheckOnlySignatureFieldsAdded(Context context, PdfObject? oldArray, PdfObject? newArray, string what)
    {
        var number = context.After.Number;
        var before = (oldArray as PdfArray)?.Items ?? [];
        var after = (newArray as PdfArray)?.Items ?? [];
        var removed = before.Where(o => !after.Any(n => PdfObjectComparer.AreEqual(o, n))).ToList();
        if (removed.Count > 0)
        {
            return new Modification(number, $"Removes entries from the {what}.", false);
        }
        var added = after.Where(n => !before.Any(o => PdfObjectComparer.AreEqual(o, n))).ToList();
        var foreign = added.Where(a => !IsSignatureField(context, context.Document.ResolveDictionary(a, context.After), context.After)).ToList();
        if (foreign.Count > 0)
        {
            var subtype = context.Document.ResolveDictionary(foreign[0], context.After)?.GetName("Subtype");
            return new Modification(number, $"Adds {foreign.Count} non-signature item(s) to the {what}{(subtype is null ? "" : $" (/{subtype})")}.", false);
        }
        return new Modification(number, $"Adds signature field(s) to the {what}.", true);
    }

    private static bool IsSignatureField(Context context, PdfDictionary? field, PdfRevision revision)
    {
        for (var depth = 0; field is not null && depth < 16; depth++)
        {
            if (field.GetName("FT") is { } type)
            {
                return type == "Sig";
            }
            field = context.Document.ResolveDictionary(field["Parent"], revision);
        }
        return false;
    }

    private static string Describe(PdfObject value)
    {
        var dictionary = value as PdfDictionary ?? (value as PdfStream)?.Dictionary;
        var type = dictionary?.GetName("Type") ?? dictionary?.GetName("Subtype");
        return type is not null ? "/" + type : value switch
        {
            PdfStream => "a stream",
            PdfDictionary => "a dictionary",
            PdfArray => "an array",
            _ => "a " + value.GetType().Name.Replace("Pdf", "", StringComparison.Ordinal).ToLowerInvariant(),
        };
    }

    /// <summary>Where the interesting objects of the earlier revision live.</summary>
    private sealed class Context
    {
        public Context(PdfDocument document, PdfRevision before, PdfRevision after)
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
            var pages = catalog is null ? [] : document.GetPageReferences(before);
            for (var i = 0; i < pages.Count; i++)
            {
                PageNumbers[pages[i].Number] = i;
                var page = document.ResolveDictionary(pages[i], before);
                if (page?["Annots"] is PdfReference annots)
                {
                    AnnotsArrayNumbers[annots.Number] = i;
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

        private void AddContentParts(PdfArray parts, int page)
        {
            foreach (var part in parts.Items.OfType<PdfReference>())
            {
                ContentStreamNumbers[part.Number] = page;
            }
        }
    }
}
