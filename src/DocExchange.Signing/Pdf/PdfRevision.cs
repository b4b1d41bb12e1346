namespace DocExchange.Signing.Pdf;

/// <summary>One revision of a PDF: the original document or one incremental update (§7.5.6).</summary>
public sealed class PdfRevision
{
    internal PdfRevision(int number, long startXref, long eofOffset, long endOffset, IReadOnlyList<PdfXrefSection> chain, IReadOnlyList<PdfXrefSection> ownSections)
    {
        Number = number;
        StartXref = startXref;
        EofOffset = eofOffset;
        EndOffset = endOffset;
        Chain = chain;
        OwnSections = ownSections;
        var table = new Dictionary<int, PdfXrefEntry>();
        // Oldest first, so that newer sections override older ones.
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            Overlay(table, chain[i]);
        }
        Table = table;
        var changed = new HashSet<int>();
        foreach (var section in ownSections)
        {
            changed.UnionWith(section.Entries.Keys);
        }
        ChangedObjectNumbers = changed;
    }

    /// <summary>1-based revision number.</summary>
    public int Number { get; }

    /// <summary>Offset of this revision's newest cross-reference section.</summary>
    public long StartXref { get; }

    /// <summary>Offset of this revision's "%%EOF" marker.</summary>
    public long EofOffset { get; }

    /// <summary>Offset just past "%%EOF" and the end-of-line that follows it, if any.</summary>
    public long EndOffset { get; }

    /// <summary>The newest section's trailer (or xref stream dictionary).</summary>
    public PdfDictionary Trailer => Chain[0].Trailer;

    /// <summary>Whether this revision's own cross-reference is an xref stream (§7.5.8).</summary>
    public bool UsesXrefStream => Chain[0].IsStream;

    /// <summary>Every section reachable from this revision's startxref, newest first.</summary>
    public IReadOnlyList<PdfXrefSection> Chain { get; }

    /// <summary>The sections this revision added (not in any earlier revision's chain).</summary>
    public IReadOnlyList<PdfXrefSection> OwnSections { get; }

    /// <summary>Objects this revision's own sections define, override or free.</summary>
    public IReadOnlySet<int> ChangedObjectNumbers { get; }

    /// <summary>The merged cross-reference table as of this revision.</summary>
    public IReadOnlyDictionary<int, PdfXrefEntry> Table { get; }

    /// <summary>One more than the highest object number in use, as the trailer's /Size should say.</summary>
    public int Size => Math.Max((int)Math.Min((Trailer["Size"] as PdfInteger)?.Value ?? 0, PdfLimits.MaxObjectNumber), Table.Count == 0 ? 0 : Table.Keys.Max() + 1);

    private static void Overlay(Dictionary<int, PdfXrefEntry> table, PdfXrefSection section)
    {
        foreach (var (number, entry) in section.Entries)
        {
            table[number] = entry;
        }
    }
}
