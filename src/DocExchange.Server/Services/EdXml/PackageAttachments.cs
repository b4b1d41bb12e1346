using System.Runtime.CompilerServices;
using DocExchange.Core.Documents;
using DocExchange.EdXml.Model;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// A read package's attachments as a send's spooled content: the reader has already decoded them into files under the
/// spool folder, so the main PDF is the first attachment's file and the replay reads every file in manifest order.
/// </summary>
internal sealed class PackageAttachments(EdXmlPackage package) : ISpooledContent
{
    private const int ChunkSize = 64 * 1024;

    // Opened when validation asks for it: a repeat that is only compared replays the files and never needs it.
    private Stream? _main;

    public Stream MainPart => _main ??= package.Attachments[0].OpenRead();

    /// <summary>The attachments' chunks, the main PDF's only marked: validation copied it into the blob store.</summary>
    public IAsyncEnumerable<PartChunk> ReplayAsync(CancellationToken ct) => ReplayAsync(withMain: false, ct);

    /// <summary>Every file's chunks, the main PDF's too: for a repeat that is only compared.</summary>
    public IAsyncEnumerable<PartChunk> ReplayAllAsync(CancellationToken ct) => ReplayAsync(withMain: true, ct);

    private async IAsyncEnumerable<PartChunk> ReplayAsync(bool withMain, [EnumeratorCancellation] CancellationToken ct)
    {
        var buffer = new byte[ChunkSize];
        foreach (var attachment in package.Attachments)
        {
            if (!withMain && attachment == package.Attachments[0])
            {
                yield return new PartChunk(attachment.Reference.ContentId, ReadOnlyMemory<byte>.Empty);
                continue;
            }
            await using var file = attachment.OpenRead();
            int read;
            while ((read = await file.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                // PartChunk's memory need only stay valid until the next chunk is asked for.
                yield return new PartChunk(attachment.Reference.ContentId, buffer.AsMemory(0, read));
            }
        }
    }

    public ValueTask DisposeAsync() => _main?.DisposeAsync() ?? ValueTask.CompletedTask;
}
