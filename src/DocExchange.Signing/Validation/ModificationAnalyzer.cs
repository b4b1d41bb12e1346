using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Validation;

/// <summary>
/// Classifies what each revision after a signature changed, against a DocMDP permission (ISO 32000-1
/// §12.8.2.2.2, Table 254). Always allowed: adding signatures, signature fields and widgets, DSS data, document
/// time-stamps and the information dictionary. P=2 also allows filling in form fields (their values and
/// appearances); P=3 also allows creating, deleting and modifying annotations other than form widgets. Page
/// content, the page tree and any other existing object may not change. Documents that are not certified
/// are analysed with P=2. (P=1 is the caller's concern: no later revision at all.)
/// </summary>
internal sealed class ModificationAnalyzer
{
    private static readonly HashSet<string> AllowedCatalogKeys = ["AcroForm", "DSS", "Extensions", "Metadata"];
    private static readonly HashSet<string> AllowedAcroFormKeys = ["Fields", "SigFlags", "DR", "DA", "NeedAppearances"];
    private static readonly HashSet<string> FormFillingKeys = ["V", "AS", "AP"];

    // Signing an empty signature field is allowed under P=2 (§12.8.2.2.2, Table 254): its value and appearance, with the
    // annotation bookkeeping signers write along (/M modification date, /F flags, /MK, /DA, /Q, /Ff, /Type; §12.5.2,
    // §12.7.3), as pyHanko's difference analysis also whitelists. /Rect, /P, /T, /FT and the rest stay as they were.
    private static readonly HashSet<string> SigningEmptyFieldKeys = ["V", "AP", "AS", "MK", "M", "F", "DA", "Q", "Ff", "Type"];

    private readonly PdfDocument _document;
    private readonly int _permission;
    private readonly string _forbiddenBy;

    /// <param name="permission">The DocMDP /P (2 or 3) that governs the document.</param>
    /// <param name="certified">Whether <paramref name="permission"/> comes from a certification signature (for the messages).</param>
    public ModificationAnalyzer(PdfDocument document, int permission, bool certified)
    {
        _document = document;
        _permission = Math.Clamp(permission, 2, 3);
        _forbiddenBy = certified ? $" (not allowed by the certification's DocMDP P={_permission})" : "";
    }

    private bool AnnotationsAllowed => _permission >= 3;

    public IReadOnlyList<Modification> Analyze(int signedRevision)
    {
        var result = new List<Modification>();
        for (var index = signedRevision; index < _document.Revisions.Count; index++)
        {
            AnalyzeRevision(_document.Revisions[index - 1], _document.Revisions[index], result);
        }
        return result;
    }

    private void AnalyzeRevision(PdfRevision before, PdfRevision after, List<Modification> result)
    {
        var number = after.Number;
        var context = new ModificationContext(_document, before, after);
        var addedSignatures = _document.GetSignatureFields(after).Where(f => f.Signature is not null)
            .ExceptBy(_document.GetSignatureFields(before).Where(f => f.Signature is not null).Select(f => f.FullName), f => f.FullName)
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
            var old = existed ? _document.GetObject(objectNumber, before) : null;
            var current = _document.GetObject(objectNumber, after);
            if (!existed || old is null)
            {
                continue; // new objects matter only through the existing objects that reference them
            }
            if (current is null)
            {
                result.Add(ClassifyDeletion(context, objectNumber, old));
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

    private Modification ClassifyDeletion(ModificationContext context, int objectNumber, PdfObject old)
    {
        var number = context.After.Number;
        if (context.AnnotationNumbers.TryGetValue(objectNumber, out var page) || context.AnnotationAppearanceNumbers.Contains(objectNumber))
        {
            var what = context.AnnotationNumbers.ContainsKey(objectNumber) ? $"a {Describe(old)} annotation of page {page + 1}" : "an annotation's appearance";
            return AnnotationsAllowed
                ? new Modification(number, $"Deletes {what}.", true)
                : new Modification(number, $"Deletes {what}{_forbiddenBy}.", false);
        }
        return new Modification(number, $"Deletes object {objectNumber} ({Describe(old)}).", false);
    }

    private Modification Classify(ModificationContext context, int objectNumber, PdfObject old, PdfObject current)
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
            return CheckOnlySignatureFieldsAdded(context, _document.Resolve(oldDictionary["Fields"], context.Before), _document.Resolve(newDictionary["Fields"], context.After), "form fields");
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
            return CheckAnnotations(context, _document.Resolve(oldDictionary["Annots"], context.Before), _document.Resolve(newDictionary["Annots"], context.After), pageIndex);
        }
        if (context.AnnotsArrayNumbers.TryGetValue(objectNumber, out var annotsPage))
        {
            return CheckAnnotations(context, old, current, annotsPage);
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
        if (oldDictionary is not null && newDictionary is not null && context.IsSignatureField(oldDictionary, context.Before) && oldDictionary["V"] is null)
        {
            var changed = PdfObjectComparer.ChangedKeys(oldDictionary, newDictionary);
            var beyond = changed.Where(k => !SigningEmptyFieldKeys.Contains(k)).ToList();
            var name = (oldDictionary["T"] as PdfString)?.ToText();
            return beyond.Count == 0
                ? new Modification(number, $"Signs the empty signature field '{name}'.", true)
                : new Modification(number, $"Changes the empty signature field '{name}' beyond signing it ({string.Join(", ", beyond.Select(k => "/" + k))}).", false);
        }
        if (context.FormFieldNumbers.TryGetValue(objectNumber, out var fieldName) && oldDictionary is not null && newDictionary is not null)
        {
            // P=2: filling in a form changes a field's value and, with it, its widgets' state and appearance.
            var changed = PdfObjectComparer.ChangedKeys(oldDictionary, newDictionary);
            var disallowed = changed.Where(k => !FormFillingKeys.Contains(k)).ToList();
            return disallowed.Count == 0
                ? new Modification(number, $"Fills in the form field '{fieldName}'.", true)
                : new Modification(number, $"Changes the form field '{fieldName}' beyond its value ({string.Join(", ", disallowed.Select(k => "/" + k))}).", false);
        }
        if (context.FormAppearanceNumbers.Contains(objectNumber))
        {
            return new Modification(number, "Updates the appearance of a filled-in form field.", true);
        }
        if (context.AnnotationNumbers.TryGetValue(objectNumber, out var annotationPage))
        {
            var what = $"Modifies a {Describe(old)} annotation of page {annotationPage + 1}";
            return AnnotationsAllowed ? new Modification(number, what + ".", true) : new Modification(number, what + _forbiddenBy + ".", false);
        }
        if (context.AnnotationAppearanceNumbers.Contains(objectNumber))
        {
            return AnnotationsAllowed
                ? new Modification(number, "Updates an annotation's appearance.", true)
                : new Modification(number, $"Updates an annotation's appearance{_forbiddenBy}.", false);
        }
        return new Modification(number, $"Modifies object {objectNumber} ({Describe(old)}).", false);
    }

    private Modification CheckOnlySignatureFieldsAdded(ModificationContext context, PdfObject? oldArray, PdfObject? newArray, string what)
    {
        var number = context.After.Number;
        var (removed, added) = Difference(oldArray, newArray);
        if (removed.Count > 0)
        {
            return new Modification(number, $"Removes entries from the {what}.", false);
        }
        var foreign = added.Where(a => !context.IsSignatureField(_document.ResolveDictionary(a, context.After), context.After)).ToList();
        if (foreign.Count > 0)
        {
            var subtype = _document.ResolveDictionary(foreign[0], context.After)?.GetName("Subtype");
            return new Modification(number, $"Adds {foreign.Count} non-signature item(s) to the {what}{(subtype is null ? "" : $" (/{subtype})")}.", false);
        }
        return new Modification(number, $"Adds signature field(s) to the {what}.", true);
    }

    /// <summary>A page's /Annots: signature widgets may be added; other annotations added or removed only under P=3; form widgets never removed.</summary>
    private Modification CheckAnnotations(ModificationContext context, PdfObject? oldArray, PdfObject? newArray, int pageIndex)
    {
        var number = context.After.Number;
        var (removed, added) = Difference(oldArray, newArray);
        var problems = new List<string>();
        var removedWidgets = removed.Count(r => _document.ResolveDictionary(r, context.Before)?.GetName("Subtype") == "Widget");
        if (removedWidgets > 0)
        {
            problems.Add($"removes {removedWidgets} form field widget(s)");
        }
        if (removed.Count > removedWidgets && !AnnotationsAllowed)
        {
            problems.Add($"removes {removed.Count - removedWidgets} annotation(s){_forbiddenBy}");
        }
        var foreign = added.Select(a => _document.ResolveDictionary(a, context.After))
            .Where(a => !context.IsSignatureField(a, context.After))
            .ToList();
        var formWidgets = foreign.Count(a => a?.GetName("Subtype") is "Widget" or null);
        if (formWidgets > 0)
        {
            problems.Add($"adds {formWidgets} non-signature form widget(s) or unknown item(s)");
        }
        if (foreign.Count > formWidgets && !AnnotationsAllowed)
        {
            var subtypes = string.Join(", ", foreign.Select(a => a?.GetName("Subtype")).OfType<string>().Where(s => s != "Widget").Distinct().Select(s => "/" + s));
            problems.Add($"adds {foreign.Count - formWidgets} non-signature item(s) ({subtypes}){_forbiddenBy}");
        }
        if (problems.Count > 0)
        {
            return new Modification(number, $"Changes the annotations of page {pageIndex + 1}: {string.Join("; ", problems)}.", false);
        }
        var done = new List<string>();
        if (added.Count > 0)
        {
            done.Add(foreign.Count == 0 ? "adds signature field(s)" : $"adds {added.Count} annotation(s) or signature field(s)");
        }
        if (removed.Count > 0)
        {
            done.Add($"removes {removed.Count} annotation(s)");
        }
        return new Modification(number, $"Changes the annotations of page {pageIndex + 1}: {(done.Count == 0 ? "reorders them" : string.Join("; ", done))}.", true);
    }

    private static (List<PdfObject> Removed, List<PdfObject> Added) Difference(PdfObject? oldArray, PdfObject? newArray)
    {
        var before = (oldArray as PdfArray)?.Items ?? [];
        var after = (newArray as PdfArray)?.Items ?? [];
        var removed = before.Where(o => !after.Any(n => PdfObjectComparer.AreEqual(o, n))).ToList();
        var added = after.Where(n => !before.Any(o => PdfObjectComparer.AreEqual(o, n))).ToList();
        return (removed, added);
    }

    private static string Describe(PdfObject value)
    {
        var dictionary = value as PdfDictionary ?? (value as PdfStream)?.Dictionary;
        var type = dictionary?.GetName("Subtype") is { } subtype && dictionary.GetName("Type") is null or "Annot" ? subtype : dictionary?.GetName("Type") ?? dictionary?.GetName("Subtype");
        return type is not null ? "/" + type : value switch
        {
            PdfStream => "a stream",
            PdfDictionary => "a dictionary",
            PdfArray => "an array",
            _ => "a " + value.GetType().Name.Replace("Pdf", "", StringComparison.Ordinal).ToLowerInvariant(),
        };
    }
}
