namespace DocExchange.Signing.Validation;

/// <summary>Hashes the signed byte ranges straight from the stream, without loading the file.</summary>
internal static class ByteRangeHasher
{
    public static async Task<byte[]> HashAsync(Stream stream, IReadOnlyList<long> range, HashAlgorithmName algorithm, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = new byte[81920];
        for (var i = 0; i + 1 < range.Count; i += 2)
        {
            stream.Position = range[i];
            var remaining = range[i + 1];
            while (remaining > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new Pdf.PdfFormatException("The signed byte range extends past the end of the file.");
                }
                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }
        }
        return hash.GetHashAndReset();
    }
}
