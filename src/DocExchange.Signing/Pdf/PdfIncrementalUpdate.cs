using System.Globalization;

namespace DocExchange.Signing.Pdf;

/// <summary>
/// Builds an incremental update (§7.5.6) that adds and replaces objects after the last revision, never
/// touching earlier bytes. It writes a classic xref section when the last revision uses one, and an xref
/// stream (§7.5.8) when it uses xref streams.
/// </summary>
internal sealed class PdfIncrementalUpdate
{
    private readonly PdfDocument _document;
    private readonly SortedDictionary<int, (int Generation, PdfObject Value)> _objects = [];
    private int _nextNumber;

    public PdfIncrementalUpdate(PdfDocument document)
    {
        _document = document;
        _nextNumber = document.LastRevision.Size;
    }

    public PdfReference Add(PdfObject value)
    {
        var reference = new PdfReference(_nextNumber++, 0);
        _objects[reference.Number] = (0, value);
        return reference;
    }

    /// <summary>Reserves an object number to fill later with <see cref="Replace"/>.</summary>
    public PdfReference Reserve() => Add(PdfNull.Instance);

    public void Replace(PdfReference reference, PdfObject value) => _objects[reference.Number] = (reference.Generation, value);

    /// <summary>Serialises the update as it will be appended at the end of the document.</summary>
    /// <returns>The bytes and the offset, within them, of each written object.</returns>
    public (byte[] Bytes, IReadOnlyDictionary<int, long> ObjectOffsets) Build()
    {
        var revision = _document.LastRevision;
        var output = new MemoryStream();
        var baseOffset = _document.Length;
        var last = _document.Length > 0 ? _document.Input.ByteAt(_document.Length - 1) : -1;
        if (last is not '\n' and not '\r')
        {
            output.WriteByte((byte)'\n');
        }
        var offsets = new Dictionary<int, long>();
        foreach (var (number, (generation, value)) in _objects)
        {
            offsets[number] = output.Position;
            PdfObjectWriter.Ascii(output, $"{number} {generation} obj\n");
            PdfObjectWriter.Write(output, value);
            PdfObjectWriter.Ascii(output, "\nendobj\n");
        }
        var trailer = new PdfDictionary();
        CopyIfPresent(revision.Trailer, trailer, "Root");
        CopyIfPresent(revision.Trailer, trailer, "Info");
        if (revision.Trailer["ID"] is PdfArray { Count: 2 } id && id[0] is PdfString first)
        {
            trailer["ID"] = new PdfArray([first, new PdfString(RandomNumberGenerator.GetBytes(16), isHex: true)]);
        }
        trailer["Prev"] = new PdfInteger(revision.StartXref);
        long xrefOffset;
        if (revision.UsesXrefStream)
        {
            xrefOffset = WriteXrefStream(output, baseOffset, offsets, trailer);
        }
        else
        {
            xrefOffset = WriteXrefTable(output, baseOffset, offsets, trailer);
        }
        PdfObjectWriter.Ascii(output, $"startxref\n{(baseOffset + xrefOffset).ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
        return (output.ToArray(), offsets);
    }

    private long WriteXrefTable(MemoryStream output, long baseOffset, Dictionary<int, long> offsets, PdfDictionary trailer)
    {
        var xrefOffset = output.Position;
        PdfObjectWriter.Ascii(output, "xref\n");
        foreach (var run in Runs(offsets.Keys))
        {
            PdfObjectWriter.Ascii(output, $"{run.First} {run.Count}\n");
            for (var number = run.First; number < run.First + run.Count; number++)
            {
                var generation = _objects[number].Generation;
                // Each entry is exactly 20 bytes (§7.5.4).
                PdfObjectWriter.Ascii(output, $"{baseOffset + offsets[number]:D10} {generation:D5} n\r\n");
            }
        }
        trailer["Size"] = new PdfInteger(Math.Max(_nextNumber, _document.LastRevision.Size));
        PdfObjectWriter.Ascii(output, "trailer\n");
        PdfObjectWriter.Write(output, trailer);
        PdfObjectWriter.Ascii(output, "\n");
        return xrefOffset;
    }

    private long WriteXrefStream(MemoryStream output, long baseOffset, Dictionary<int, long> offsets, PdfDictionary trailer)
    {
        var streamNumber = _nextNumber++;
        var xrefOffset = output.Position;
        var entries = offsets.ToDictionary(p => p.Key, p => (Offset: baseOffset + p.Value, _objects[p.Key].Generation));
        entries[streamNumber] = (baseOffset + xrefOffset, 0);
        var maxOffset = entries.Values.Max(e => e.Offset);
        var offsetWidth = 1;
        while (offsetWidth < 8 && maxOffset >= 1L << (8 * offsetWidth))
        {
            offsetWidth++;
        }
        var data = new MemoryStream();
        var index = new PdfArray();
        foreach (var run in Runs(entries.Keys))
        {
            index.Items.Add(new PdfInteger(run.First));
            index.Items.Add(new PdfInteger(run.Count));
            for (var number = run.First; number < run.First + run.Count; number++)
            {
                var (offset, generation) = entries[number];
                data.WriteByte(1);
                for (var shift = (offsetWidth - 1) * 8; shift >= 0; shift -= 8)
                {
                    data.WriteByte((byte)(offset >> shift));
                }
                data.WriteByte((byte)(generation >> 8));
                data.WriteByte((byte)generation);
            }
        }
        var dictionary = new PdfDictionary
        {
            ["Type"] = new PdfName("XRef"),
            ["Size"] = new PdfInteger(Math.Max(_nextNumber, _document.LastRevision.Size)),
            ["Index"] = index,
            ["W"] = new PdfArray([new PdfInteger(1), new PdfInteger(offsetWidth), new PdfInteger(2)]),
        };
        foreach (var (key, value) in trailer.Entries)
        {
            dictionary[key] = value;
        }
        PdfObjectWriter.Ascii(output, $"{streamNumber} 0 obj\n");
        PdfObjectWriter.Write(output, new PdfStream(dictionary, data.ToArray()));
        PdfObjectWriter.Ascii(output, "\nendobj\n");
        return xrefOffset;
    }

    private static IEnumerable<(int First, int Count)> Runs(IEnumerable<int> numbers)
    {
        var sorted = numbers.Order().ToList();
        var start = 0;
        for (var i = 1; i <= sorted.Count; i++)
        {
            if (i == sorted.Count || sorted[i] != sorted[i - 1] + 1)
            {
                yield return (sorted[start], i - start);
                start = i;
            }
        }
    }

    private static void CopyIfPresent(PdfDictionary from, PdfDictionary to, string key)
    {
        if (from[key] is { } value)
        {
            to[key] = value;
        }
    }
}
