using System.IO.Compression;

namespace DocExchange.EdXml.Reading;

/// <summary>
/// Unzips an attachment that its producer zipped before base64: exactly one file entry, extracted while counting
/// (the sizes the archive declares are not trusted), within the size limit and the compression-ratio limit (zip bombs).
/// </summary>
internal static class ZippedAttachment
{
    private const long RatioFloor = 1024 * 1024; // below 1 MiB unzipped, any ratio is harmless

    public static async Task<long> ExtractAsync(string zipPath, string targetPath, EdXmlReaderOptions options, string element, CancellationToken ct)
    {
        var zippedLength = new FileInfo(zipPath).Length;
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(File.OpenRead(zipPath), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw EdXmlException.Invalid(element, $"is not a zip archive although attachments are configured as zipped (AttachmentsZipped): {e.Message}");
        }
        await using (archive.ConfigureAwait(false))
        {
            var files = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            if (files.Count != 1)
                throw EdXmlException.NotSupported(element, $"the zipped attachment holds {files.Count} files; exactly one is expected");
            var limit = Math.Min(options.MaxAttachmentBytes, Math.Max(RatioFloor, zippedLength * options.MaxCompressionRatio));
            var limitName = limit == options.MaxAttachmentBytes ? nameof(options.MaxAttachmentBytes) : nameof(options.MaxCompressionRatio);
            try
            {
                var source = await files[0].OpenAsync(ct).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    var target = new FileStream(targetPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                    await using (target.ConfigureAwait(false))
                    {
                        var buffer = new byte[81920];
                        long total = 0;
                        int read;
                        while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                        {
                            total += read;
                            if (total > limit)
                                throw EdXmlException.LimitExceeded(limitName, limitName == nameof(options.MaxCompressionRatio) ? options.MaxCompressionRatio : limit, $"{element} (unzipped)");
                            await target.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                        }
                        return total;
                    }
                }
            }
            catch (InvalidDataException e)
            {
                throw EdXmlException.Invalid(element, $"the zipped attachment is corrupt: {e.Message}");
            }
        }
    }
}
