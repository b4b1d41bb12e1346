using DocExchange.Signing.Timestamping;

namespace DocExchange.Signing.Pades;

/// <summary>What <see cref="DocumentTimestamper.AddAsync"/> produced.</summary>
public sealed record DocumentTimestampResult(string FieldName, DateTimeOffset TimestampTime, long Size, byte[] Sha256);

/// <summary>
/// Adds a PDF document time-stamp (ETSI EN 319 142-1 §5.4: /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161): an
/// RFC 3161 token over the whole file's byte ranges, appended as an incremental update. It proves that every
/// earlier revision, signatures and DSS included, existed at the token's time (PAdES B-T by document
/// time-stamp, and the archival time-stamp of B-LTA).
/// </summary>
public static class DocumentTimestamper
{
    private const int Capacity = 16 * 1024;

    /// <param name="input">The PDF; readable and seekable.</param>
    /// <param name="output">Receives the time-stamped PDF; seekable, readable and writable.</param>
    public static async Task<DocumentTimestampResult> AddAsync(Stream input, Stream output, ITimestampAuthority timestampAuthority,
        string? fieldName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(timestampAuthority);
        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("The output stream must be seekable, readable and writable.", nameof(output));
        }
        output.Position = 0;
        output.SetLength(0);
        var options = new PdfSignatureOptions { FieldName = fieldName, ContentsCapacity = Capacity, DigestAlgorithm = HashAlgorithmName.SHA256 };
        var prepared = await PdfSigner.PrepareCoreAsync(input, output, options, documentTimestamp: true, cancellationToken).ConfigureAwait(false);
        var token = await timestampAuthority.GetTimestampTokenAsync(prepared.DocumentDigest, prepared.DigestAlgorithm, cancellationToken).ConfigureAwait(false);
        var decoded = TimestampToken.Decode(token);
        if (decoded.Info.ImprintAlgorithmOid != Oids.Sha256 || !decoded.Info.ImprintValue.AsSpan().SequenceEqual(prepared.DocumentDigest))
        {
            throw new CryptographicException("The time-stamping authority returned a token for a different message imprint.");
        }
        await PdfSigner.EmbedAsync(output, prepared, token, cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        var sha256 = await SHA256.HashDataAsync(output, cancellationToken).ConfigureAwait(false);
        return new DocumentTimestampResult(prepared.FieldName, decoded.GenerationTime, output.Length, sha256);
    }
}
