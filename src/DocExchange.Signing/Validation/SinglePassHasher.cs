using System.Buffers;
using DocExchange.Core.Storage;

namespace DocExchange.Signing.Validation;

/// <summary>
/// The SHA-256 of the whole file and of every signature's byte range, in one read of the file. A range [0 a b c] and
/// the whole file share the hash of their first a bytes, nearly all of a signed PDF: the whole file's hash is cloned at
/// a and the clone then takes only [b, b + c). So the file is hashed about once instead of once per signature plus once
/// for the report (hashing was half the CPU of validating a 1 MB PDF). Given a blob writer, the same read copies the
/// file into it, and the writer's own SHA-256 (of exactly the bytes it wrote) stands in for the whole file's: the file
/// is then hashed once for validation and storage together.
/// </summary>
internal static class SinglePassHasher
{
    /// <summary>The most ranges a caller should hand in: each one's tail is hashed again, so a file's many fake fields must not all come here.</summary>
    public const int MaxRanges = 64;

    public sealed record Hashes(byte[] WholeFile, IReadOnlyDictionary<string, byte[]> Ranges)
    {
        /// <summary>The SHA-256 of <paramref name="range"/>'s bytes, when it was a well-formed range of this file.</summary>
        public byte[]? Of(IReadOnlyList<long> range) => Ranges.GetValueOrDefault(Key(range));
    }

    /// <param name="copyTo">A writer that receives every byte of the file, in order, and has received nothing before; or null.</param>
    public static async Task<Hashes> HashAsync(Stream stream, IEnumerable<IReadOnlyList<long>?> byteRanges, IBlobWriter? copyTo, CancellationToken cancellationToken)
    {
        if (copyTo is { Length: not 0 }) throw new ArgumentException("the copy must start empty", nameof(copyTo));
        var length = stream.Length;
        // Only the simple form §12.8.1 requires ([0 a b c] within the file); anything else is hashed, and judged, as before.
        var ranges = byteRanges.OfType<IReadOnlyList<long>>()
            .Where(r => r.Count == 4 && r[0] == 0 && r[1] >= 0 && r[1] <= r[2] && r[3] >= 0 && r[2] + r[3] <= length && r[2] + r[3] >= r[2])
            .DistinctBy(Key)
            .Take(MaxRanges)
            .ToList();
        var boundaries = ranges.SelectMany(r => new[] { r[1], r[2], r[2] + r[3] }).Append(0).Append(length).Distinct().Order().ToList();
        using var own = copyTo is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        IncrementalHash CloneWhole() => own?.Clone() ?? copyTo!.CloneHash();
        var partial = new IncrementalHash?[ranges.Count];
        // Pooled: every send validates its main PDF, so this was an 80 KiB array per document.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        stream.Position = 0;
        try
        {
            for (var i = 0; i + 1 < boundaries.Count; i++)
            {
                var (from, to) = (boundaries[i], boundaries[i + 1]);
                for (var k = 0; k < ranges.Count; k++)
                {
                    if (ranges[k][1] == from)
                    {
                        partial[k] = CloneWhole();
                    }
                }
                var feeding = Enumerable.Range(0, ranges.Count).Where(k => ranges[k][2] <= from && to <= ranges[k][2] + ranges[k][3]).ToArray();
                for (var remaining = to - from; remaining > 0;)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new Pdf.PdfFormatException("The file ended before its length.");
                    }
                    if (own is not null)
                    {
                        own.AppendData(buffer, 0, read);
                    }
                    else
                    {
                        await copyTo!.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                    foreach (var k in feeding)
                    {
                        partial[k]!.AppendData(buffer, 0, read);
                    }
                    remaining -= read;
                }
            }
            var results = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (var k = 0; k < ranges.Count; k++)
            {
                // A range whose first part reaches the end of the file ([0 len len 0]) was never cloned: it is the whole file.
                results[Key(ranges[k])] = partial[k]?.GetHashAndReset() ?? WholeDigest(CloneWhole);
            }
            return new Hashes(WholeDigest(CloneWhole), results);
        }
        finally
        {
            foreach (var hash in partial)
            {
                hash?.Dispose();
            }
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] WholeDigest(Func<IncrementalHash> clone)
    {
        using var hash = clone();
        return hash.GetHashAndReset();
    }

    private static string Key(IReadOnlyList<long> range) => string.Join(' ', range);
}
