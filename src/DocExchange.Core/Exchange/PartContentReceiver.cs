using System.Security.Cryptography;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Exchange;

/// <summary>
/// Streams a send's chunks into blob writers, one per declared part, checking order, declared sizes and hashes.
/// A part already written (see <see cref="ExchangeService.BeginPartAsync"/>) takes its writer as it is: its chunks
/// carry no bytes and only mark where they came. Nothing is published until <see cref="CommitAsync"/>; disposing
/// before that deletes every temporary blob, and disposing releases the contents held inline.
/// </summary>
internal sealed class PartContentReceiver : IAsyncDisposable
{
    private readonly Func<long, CancellationToken, Task<IBlobWriter>> _begin;
    private readonly IReadOnlyDictionary<string, IBlobWriter> _written;

    private PartContentReceiver(Func<long, CancellationToken, Task<IBlobWriter>> begin, IReadOnlyDictionary<string, IBlobWriter>? written)
    {
        _begin = begin;
        _written = written ?? new Dictionary<string, IBlobWriter>();
    }

    /// <summary>Stores every part in <paramref name="blobs"/>, but those in <paramref name="written"/>, which are already.</summary>
    public static PartContentReceiver Storing(IBlobStore blobs, IReadOnlyDictionary<string, IBlobWriter>? written = null) => new(blobs.BeginWriteAsync, written);

    /// <summary>Measures every part (size and SHA-256) and keeps none of it: for a repeat compared with what was stored.</summary>
    public static PartContentReceiver MeasuringOnly(IReadOnlyDictionary<string, IBlobWriter>? written = null) =>
        new((_, _) => Task.FromResult<IBlobWriter>(new MeasuringBlobWriter()), written);

    private readonly List<IBlobWriter> _writers = [];

    public async Task<IReadOnlyList<StoredPart>> ReceiveAsync(
        IReadOnlyList<PartDeclaration> parts, IAsyncEnumerable<PartChunk> content, CancellationToken cancellationToken)
    {
        var stored = new StoredPart[parts.Count];
        var index = -1;
        IBlobWriter? current = null;

        await foreach (var chunk in content.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (index < 0 || !string.Equals(chunk.PartId, parts[index].PartId, StringComparison.Ordinal))
            {
                var target = FindLater(parts, chunk.PartId, index);
                if (current is not null) stored[index] = await FinishAsync(parts[index], current, cancellationToken).ConfigureAwait(false);
                for (var skipped = index + 1; skipped < target; skipped++)
                {
                    stored[skipped] = await ReceiveEmptyAsync(parts[skipped], cancellationToken).ConfigureAwait(false);
                }
                index = target;
                current = await BeginAsync(parts[index], cancellationToken).ConfigureAwait(false);
            }

            var declared = parts[index];
            if (_written.ContainsKey(declared.PartId))
            {
                if (!chunk.Data.IsEmpty) throw new InvalidOperationException($"part '{declared.PartId}' was written already: its chunks must carry no bytes");
                continue;
            }
            if (current!.Length + chunk.Data.Length > declared.Size)
                throw ExchangeException.InvalidArgument(
                    $"part '{declared.PartId}' is longer than its declared size of {declared.Size} bytes: declare its exact size");
            await current.WriteAsync(chunk.Data, cancellationToken).ConfigureAwait(false);
        }

        if (current is not null) stored[index] = await FinishAsync(parts[index], current, cancellationToken).ConfigureAwait(false);
        for (var rest = index + 1; rest < parts.Count; rest++)
        {
            stored[rest] = await ReceiveEmptyAsync(parts[rest], cancellationToken).ConfigureAwait(false);
        }
        return stored;
    }

    /// <summary>
    /// Publishes every received blob under its hash, but those held inline, which it returns: they are kept only if the
    /// send's transaction stores them, and stay valid until this receiver (or their writer's owner) disposes them.
    /// </summary>
    public async Task<IReadOnlyList<InlineContent>> CommitAsync(CancellationToken cancellationToken)
    {
        var inline = new List<InlineContent>();
        foreach (var writer in _writers)
        {
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (writer.Inline is { } content) inline.Add(content);
        }
        return inline;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers) await writer.DisposeAsync().ConfigureAwait(false);
        _writers.Clear();
    }

    private async Task<IBlobWriter> BeginAsync(PartDeclaration declared, CancellationToken cancellationToken)
    {
        var writer = _written.GetValueOrDefault(declared.PartId) ?? await _begin(declared.Size, cancellationToken).ConfigureAwait(false);
        _writers.Add(writer);
        return writer;
    }

    private async Task<StoredPart> ReceiveEmptyAsync(PartDeclaration declared, CancellationToken cancellationToken)
    {
        var writer = await BeginAsync(declared, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(declared, writer, cancellationToken).ConfigureAwait(false);
    }

    private static int FindLater(IReadOnlyList<PartDeclaration> parts, string partId, int currentIndex)
    {
        for (var i = currentIndex + 1; i < parts.Count; i++)
        {
            if (string.Equals(parts[i].PartId, partId, StringComparison.Ordinal)) return i;
        }
        for (var i = 0; i <= currentIndex; i++)
        {
            if (string.Equals(parts[i].PartId, partId, StringComparison.Ordinal))
                throw ExchangeException.InvalidArgument(
                    $"a chunk of part '{partId}' came after part '{parts[currentIndex].PartId}' had started: send each part's chunks contiguously, in the declared order");
        }
        throw ExchangeException.InvalidArgument($"a chunk names part '{partId}', which the header does not declare");
    }

    private static async Task<StoredPart> FinishAsync(PartDeclaration declared, IBlobWriter writer, CancellationToken cancellationToken)
    {
        var blob = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        if (blob.Size != declared.Size)
            throw ExchangeException.InvalidArgument(
                $"part '{declared.PartId}' has {blob.Size} bytes but its declared size is {declared.Size}: the upload was cut short or the size is wrong");
        if (declared.Sha256 is { Length: Sha256Digest.ByteLength } expected
            && !CryptographicOperations.FixedTimeEquals(expected.Span, blob.Sha256.ToByteArray()))
            throw ExchangeException.InvalidArgument(
                $"part '{declared.PartId}' has SHA-256 {blob.Sha256} but its declared SHA-256 is {Convert.ToHexStringLower(expected.Span)}: the content changed in transit");
        return new StoredPart(declared.PartId, declared.Kind, declared.FileName, declared.ContentType ?? string.Empty, blob.Size, blob.Sha256);
    }
}
