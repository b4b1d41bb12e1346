namespace DocExchange.Signing.Pdf;

/// <summary>
/// Read-only structural view of a PDF and its revisions: cross-references, objects (including those in
/// object streams), catalog, pages and signature fields. Every failure surfaces as <see cref="PdfFormatException"/>.
/// </summary>
public sealed class PdfDocument
{
    private readonly Dictionary<long, (PdfReference Id, PdfObject Value)> _objectsByOffset = [];
    private readonly Dictionary<long, PdfObjectStream> _objectStreams = [];
    private int _resolveDepth;

    private PdfDocument(PdfInput input, IReadOnlyList<PdfRevision> revisions)
    {
        Input = input;
        Revisions = revisions;
    }

    public PdfInput Input { get; }

    public long Length => Input.Length;

    /// <summary>Revisions, oldest first; never empty.</summary>
    public IReadOnlyList<PdfRevision> Revisions { get; }

    public PdfRevision LastRevision => Revisions[^1];

    /// <summary>Bytes after the last revision's %%EOF line that no revision accounts for.</summary>
    public long TrailingBytes => Length - LastRevision.EndOffset;

    /// <summary>Reads the revision structure of a seekable stream. Objects are parsed lazily.</summary>
    public static PdfDocument Open(Stream stream, CancellationToken cancellationToken = default)
    {
        var input = new PdfInput(stream);
        var revisions = Guard(() => PdfRevisionScanner.Scan(input, cancellationToken));
        var document = new PdfDocument(input, revisions);
        if (document.LastRevision.Trailer.ContainsKey("Encrypt"))
        {
            throw new PdfFormatException("Encrypted PDFs are not supported.");
        }
        return document;
    }

    public static PdfDocument Open(byte[] data, CancellationToken cancellationToken = default) =>
        Open(new MemoryStream(data, writable: false), cancellationToken);

    /// <summary>The object with this number as of <paramref name="revision"/> (default: the last), or null when free or absent.</summary>
    public PdfObject? GetObject(int number, PdfRevision? revision = null) => Guard(() => GetObjectCore(number, revision ?? LastRevision));

    /// <summary>Follows references until a direct object (or null for a dangling reference).</summary>
    public PdfObject? Resolve(PdfObject? value, PdfRevision? revision = null)
    {
        for (var hops = 0; value is PdfReference reference; hops++)
        {
            if (hops > PdfLimits.MaxResolveDepth)
            {
                throw new PdfFormatException("A chain of references is too long or loops.");
            }
            value = GetObject(reference.Number, revision);
        }
        return value;
    }

    public PdfDictionary? ResolveDictionary(PdfObject? value, PdfRevision? revision = null) => Resolve(value, revision) switch
    {
        PdfDictionary dictionary => dictionary,
        PdfStream stream => stream.Dictionary,
        _ => null,
    };

    public PdfDictionary GetCatalog(PdfRevision? revision = null)
    {
        revision ??= LastRevision;
        return ResolveDictionary(revision.Trailer["Root"], revision)
            ?? throw new PdfFormatException($"Revision {revision.Number} has no document catalog (/Root).");
    }

    /// <summary>The page objects in document order (§7.7.3).</summary>
    public IReadOnlyList<PdfReference> GetPageReferences(PdfRevision? revision = null)
    {
        revision ??= LastRevision;
        var pages = new List<PdfReference>();
        var visited = new HashSet<int>();
        if (GetCatalog(revision)["Pages"] is not PdfReference root)
        {
            throw new PdfFormatException("The catalog's /Pages is not an indirect reference.");
        }
        CollectPages(root, revision, pages, visited, 0);
        return pages;
    }

    private void CollectPages(PdfReference node, PdfRevision revision, List<PdfReference> pages, HashSet<int> visited, int depth)
    {
        if (depth > PdfLimits.MaxNestingDepth || !visited.Add(node.Number) || pages.Count > PdfLimits.MaxPages)
        {
            throw new PdfFormatException("The page tree loops or is too deep.");
        }
        var dictionary = ResolveDictionary(node, revision) ?? throw new PdfFormatException($"Page tree node {node} is missing.");
        if (dictionary.GetName("Type") == "Page" || (!dictionary.ContainsKey("Kids") && dictionary.GetName("Type") != "Pages"))
        {
            pages.Add(node);
            return;
        }
        if (Resolve(dictionary["Kids"], revision) is not PdfArray kids)
        {
            throw new PdfFormatException($"Page tree node {node} has no /Kids array.");
        }
        foreach (var kid in kids.Items)
        {
            if (kid is not PdfReference reference)
            {
                throw new PdfFormatException($"Page tree node {node} has a direct kid.");
            }
            CollectPages(reference, revision, pages, visited, depth + 1);
        }
    }

    /// <summary>Every signature field (/FT /Sig) of the AcroForm, signed or not.</summary>
    public IReadOnlyList<PdfSignatureField> GetSignatureFields(PdfRevision? revision = null)
    {
        revision ??= LastRevision;
        var result = new List<PdfSignatureField>();
        var acroForm = ResolveDictionary(GetCatalog(revision)["AcroForm"], revision);
        if (acroForm is null || Resolve(acroForm["Fields"], revision) is not PdfArray fields)
        {
            return result;
        }
        var visited = new HashSet<int>();
        var count = 0;
        foreach (var field in fields.Items)
        {
            CollectFields(field, null, null, revision, result, visited, 0, ref count);
        }
        return result;
    }

    private void CollectFields(PdfObject field, string? parentName, string? inheritedType, PdfRevision revision, List<PdfSignatureField> result, HashSet<int> visited, int depth, ref int count)
    {
        if (depth > PdfLimits.MaxNestingDepth || ++count > PdfLimits.MaxFields)
        {
            throw new PdfFormatException("The form field tree is too deep or too large.");
        }
        if (field is PdfReference reference && !visited.Add(reference.Number))
        {
            return;
        }
        if (ResolveDictionary(field, revision) is not { } dictionary)
        {
            return;
        }
        var partial = (dictionary["T"] as PdfString)?.ToText();
        var name = partial is null ? parentName : parentName is null ? partial : parentName + "." + partial;
        var type = dictionary.GetName("FT") ?? inheritedType;
        if (Resolve(dictionary["Kids"], revision) is PdfArray kids && kids.Items.Any(k => ResolveDictionary(k, revision)?.ContainsKey("T") == true))
        {
            foreach (var kid in kids.Items)
            {
                CollectFields(kid, name, type, revision, result, visited, depth + 1, ref count);
            }
            return;
        }
        if (type != "Sig")
        {
            return;
        }
        var valueObject = dictionary["V"] ?? WidgetValue(dictionary, revision);
        var valueReference = valueObject as PdfReference;
        var value = ResolveDictionary(valueObject, revision);
        result.Add(new PdfSignatureField(
            name ?? string.Empty,
            field as PdfReference,
            dictionary,
            valueReference,
            value is null ? null : PdfSignatureDictionary.Parse(value)));
    }

    // poppler (pdfsig) signs a field whose widget is a separate kid by setting /V on that widget only.
    private PdfObject? WidgetValue(PdfDictionary field, PdfRevision revision) =>
        Resolve(field["Kids"], revision) is PdfArray kids
            ? kids.Items.Select(k => ResolveDictionary(k, revision)).FirstOrDefault(w => w is not null && !w.ContainsKey("T") && w["V"] is not null)?["V"]
            : null;

    private PdfObject? GetObjectCore(int number, PdfRevision revision)
    {
        if (!revision.Table.TryGetValue(number, out var entry) || entry.Type == PdfXrefEntryType.Free)
        {
            return null;
        }
        if (++_resolveDepth > PdfLimits.MaxResolveDepth)
        {
            throw new PdfFormatException("Object resolution nests too deeply (object streams or /Length references loop).");
        }
        try
        {
            if (entry.Type == PdfXrefEntryType.InUse)
            {
                var (id, value) = ReadAt(entry.Offset, revision);
                if (id.Number != number)
                {
                    throw PdfFormatException.At(entry.Offset, $"The cross-reference entry for object {number} points at object {id.Number}");
                }
                return value;
            }
            return GetObjectStream((int)entry.Offset, revision).Get(number, entry.Generation);
        }
        finally
        {
            _resolveDepth--;
        }
    }

    /// <summary>Parses the indirect object at a file offset (cached by offset).</summary>
    internal (PdfReference Id, PdfObject Value) ReadAt(long offset, PdfRevision revision)
    {
        if (offset <= 0 || offset >= Length)
        {
            throw PdfFormatException.At(offset, "A cross-reference entry points outside the file");
        }
        if (!_objectsByOffset.TryGetValue(offset, out var parsed))
        {
            var parser = new PdfParser(new PdfLexer(Input), r => ResolveLength(r, revision));
            parsed = parser.ParseIndirectObject(offset);
            _objectsByOffset[offset] = parsed;
        }
        return parsed;
    }

    private long? ResolveLength(PdfReference reference, PdfRevision revision)
    {
        try
        {
            return (GetObjectCore(reference.Number, revision) as PdfInteger)?.Value;
        }
        catch (PdfFormatException)
        {
            return null; // the parser then looks for "endstream"
        }
    }

    private PdfObjectStream GetObjectStream(int number, PdfRevision revision)
    {
        if (!revision.Table.TryGetValue(number, out var entry) || entry.Type != PdfXrefEntryType.InUse)
        {
            throw new PdfFormatException($"Object stream {number} is missing or itself compressed.");
        }
        if (!_objectStreams.TryGetValue(entry.Offset, out var objectStream))
        {
            if (ReadAt(entry.Offset, revision).Value is not PdfStream stream || stream.Dictionary.GetName("Type") != "ObjStm")
            {
                throw new PdfFormatException($"Object {number} is not an object stream.");
            }
            objectStream = new PdfObjectStream(number, stream);
            _objectStreams[entry.Offset] = objectStream;
        }
        return objectStream;
    }

    internal static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (PdfFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OverflowException or IndexOutOfRangeException
            or ArgumentException or InvalidOperationException or FormatException or EndOfStreamException)
        {
            throw new PdfFormatException($"The PDF is malformed: {e.Message}", e);
        }
    }
}
