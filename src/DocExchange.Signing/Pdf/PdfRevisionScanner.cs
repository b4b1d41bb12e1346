using System.Buffers;

namespace DocExchange.Signing.Pdf;

/// <summary>Finds the revisions of a file: each "%%EOF" whose preceding startxref leads to a readable
/// cross-reference chain (§7.5.5, §7.5.6).</summary>
internal static class PdfRevisionScanner
{
    private static readonly byte[] Eof = "%%EOF"u8.ToArray();
    private static readonly byte[] StartXref = "startxref"u8.ToArray();
    private static readonly byte[] Header = "%PDF-"u8.ToArray();

    public static IReadOnlyList<PdfRevision> Scan(PdfInput input, CancellationToken cancellationToken)
    {
        if (input.Length < 16)
        {
            throw new PdfFormatException("The file is too short to be a PDF.");
        }
        if (FindForward(input, Header, 0, Math.Min(input.Length, 1024), cancellationToken) is null)
        {
            throw new PdfFormatException("Not a PDF: no '%PDF-' header in the first 1024 bytes.");
        }
        var markers = FindAll(input, Eof, cancellationToken);
        if (markers.Count == 0)
        {
            throw new PdfFormatException("No '%%EOF' marker: the file is truncated or not a PDF.");
        }
        var sections = new Dictionary<long, PdfXrefSection>();
        var revisions = new List<PdfRevision>();
        var seen = new HashSet<long>();
        PdfFormatException? lastError = null;
        for (var m = 0; m < markers.Count; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var eof = markers[m];
            try
            {
                var startXref = ReadStartXref(input, eof);
                var chain = ReadChain(input, startXref, sections, cancellationToken);
                var own = chain.Where(s => !seen.Contains(s.Offset)).ToList();
                if (own.Count == 0)
                {
                    lastError = null;
                    continue; // a repeated marker for a revision we already have
                }
                foreach (var section in own)
                {
                    seen.Add(section.Offset);
                }
                revisions.Add(new PdfRevision(revisions.Count + 1, startXref, eof, EndAfterEol(input, eof + Eof.Length), chain, own));
                lastError = null;
            }
            catch (PdfFormatException e)
            {
                lastError = e;
            }
        }
        if (lastError is not null || revisions.Count == 0)
        {
            throw new PdfFormatException($"The last revision's cross-reference is unreadable: {lastError?.Message}", lastError!) { Offset = lastError?.Offset };
        }
        RejectIncompleteTail(input, revisions[^1].EndOffset, cancellationToken);
        return revisions;
    }

    // Bytes after the last %%EOF are tolerated, unless they look like an update that lost its end.
    private static void RejectIncompleteTail(PdfInput input, long end, CancellationToken cancellationToken)
    {
        if (end >= input.Length)
        {
            return;
        }
        foreach (var keyword in (byte[][])[" obj"u8.ToArray(), "xref"u8.ToArray(), "trailer"u8.ToArray(), "endstream"u8.ToArray()])
        {
            if (FindForward(input, keyword, end, input.Length, cancellationToken) is { } at)
            {
                throw PdfFormatException.At(at, "The file ends with an incomplete revision (no %%EOF after it): it is truncated or damaged");
            }
        }
    }

    private static long ReadStartXref(PdfInput input, long eof)
    {
        var from = Math.Max(0, eof - 1024);
        long? keyword = null;
        for (var offset = eof - StartXref.Length; offset >= from; offset--)
        {
            if (input.Matches(offset, StartXref))
            {
                keyword = offset;
                break;
            }
        }
        if (keyword is null)
        {
            throw PdfFormatException.At(eof, "No 'startxref' before '%%EOF'");
        }
        var lexer = new PdfLexer(input) { Position = keyword.Value + StartXref.Length };
        var token = lexer.Next();
        if (token.Kind != PdfTokenKind.Integer || token.Integer <= 0 || token.Position >= eof)
        {
            throw PdfFormatException.At(keyword.Value, "'startxref' is not followed by a valid offset");
        }
        return token.Integer;
    }

    private static List<PdfXrefSection> ReadChain(PdfInput input, long startXref, Dictionary<long, PdfXrefSection> cache, CancellationToken cancellationToken)
    {
        var chain = new List<PdfXrefSection>();
        var visited = new HashSet<long>();
        long? offset = startXref;
        while (offset is { } current)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!visited.Add(current))
            {
                throw PdfFormatException.At(current, "The cross-reference /Prev chain loops");
            }
            if (chain.Count >= PdfLimits.MaxXrefSections)
            {
                throw PdfFormatException.At(current, "Too many cross-reference sections");
            }
            if (!cache.TryGetValue(current, out var section))
            {
                section = PdfXrefReader.Read(input, current);
                if (!section.IsStream && section.XRefStm is { } hybrid)
                {
                    section = MergeHybrid(section, PdfXrefReader.Read(input, hybrid));
                }
                cache[current] = section;
            }
            chain.Add(section);
            offset = section.Prev;
        }
        return chain;
    }

    // §7.5.8.4: a hybrid file's table wins, except where it marks an object free that the stream defines.
    private static PdfXrefSection MergeHybrid(PdfXrefSection table, PdfXrefSection stream)
    {
        var entries = new Dictionary<int, PdfXrefEntry>(stream.Entries);
        foreach (var (number, entry) in table.Entries)
        {
            if (entry.Type != PdfXrefEntryType.Free || !entries.ContainsKey(number))
            {
                entries[number] = entry;
            }
        }
        return new PdfXrefSection(table.Offset, isStream: false, table.Trailer, entries, null);
    }

    private static long EndAfterEol(PdfInput input, long offset)
    {
        if (input.ByteAt(offset) == '\r')
        {
            offset++;
        }
        if (input.ByteAt(offset) == '\n')
        {
            offset++;
        }
        return offset;
    }

    private static long? FindForward(PdfInput input, byte[] pattern, long from, long to, CancellationToken cancellationToken)
    {
        var hits = FindAll(input, pattern, cancellationToken, from, to, firstOnly: true);
        return hits.Count > 0 ? hits[0] : null;
    }

    private static List<long> FindAll(PdfInput input, byte[] pattern, CancellationToken cancellationToken, long from = 0, long to = -1, bool firstOnly = false)
    {
        if (to < 0)
        {
            to = input.Length;
        }
        var hits = new List<long>();
        const int chunk = 64 * 1024;
        // Pooled: every validation scans the file two or three times, each scan a 64 KiB array.
        var buffer = ArrayPool<byte>.Shared.Rent(chunk + pattern.Length);
        try
        {
            for (var start = from; start < to; start += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = (int)Math.Min(chunk + pattern.Length - 1, to - start);
                var span = buffer.AsSpan(0, length);
                input.ReadExactly(start, span);
                var position = 0;
                while (position < Math.Min(chunk, length))
                {
                    var index = span[position..].IndexOf(pattern);
                    if (index < 0 || position + index >= chunk)
                    {
                        break;
                    }
                    hits.Add(start + position + index);
                    if (firstOnly)
                    {
                        return hits;
                    }
                    position += index + 1;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hits;
    }
}
