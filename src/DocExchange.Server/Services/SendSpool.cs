using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using DocExchange.Core.Documents;
using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>
/// A Send's content, spooled so that the main PDF can be validated before anything is handed to the domain: the main
/// part's bytes in one seekable stream, and the order of every chunk (with the other parts' bytes) in another, to be
/// replayed exactly as received. A document is spooled in memory when the <see cref="SpoolMemory"/> has room for it,
/// otherwise in files of the <see cref="SpoolFolder"/>, so memory stays bounded whatever the document sizes and senders.
/// </summary>
internal sealed class SendSpool : ISpooledContent
{
    /// <summary>A spool record's header: the part's index, the chunk's length, and whether its bytes are the main part's.</summary>
    private const int RecordHeaderBytes = 9;

    private readonly Stream _main;
    private readonly Stream _sequence;
    private readonly IReadOnlyList<PartDeclaration> _parts;
    private readonly int _mainIndex;
    private readonly SpoolMemory _memory;
    private byte[]? _pooled;

    private SendSpool(IReadOnlyList<PartDeclaration> parts, SpoolFolder folder, SpoolMemory memory)
    {
        _parts = parts;
        _memory = memory;
        _mainIndex = parts.Select((p, i) => (p, i)).Where(x => x.p.Kind == Core.Documents.PartKind.Main).Select(x => x.i).DefaultIfEmpty(-1).First();
        var declared = parts.Sum(p => p.Size);
        // One pooled buffer per document rather than two MemoryStreams growing by doubling, whose last arrays (from
        // 128 KiB) land on the large object heap and so cost a gen2 collection's share each. Its two regions are as
        // large as anything ReceiveAsync can write in them: every chunk is checked against its part's declared size,
        // and the chunks against MaxChunks, before it is written; so a client cannot make it grow past what it declared.
        var mainBytes = _mainIndex < 0 ? 0 : parts[_mainIndex].Size;
        var sequenceBytes = declared - mainBytes + RecordHeaderBytes * MaxChunks(parts);
        _pooled = memory.TryRent(mainBytes + sequenceBytes);
        if (_pooled is not null)
        {
            _main = Region(_pooled, 0, (int)mainBytes);
            _sequence = Region(_pooled, (int)mainBytes, (int)sequenceBytes);
            return;
        }
        _main = folder.Create("send-main");
        try
        {
            _sequence = folder.Create("send-sequence");
        }
        catch
        {
            _main.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An empty stream over a fixed slice of the buffer: its length is what was written (never the stale bytes of an
    /// earlier document behind it), and a write past the slice throws rather than grow it.
    /// </summary>
    private static MemoryStream Region(byte[] buffer, int offset, int length)
    {
        var stream = new MemoryStream(buffer, offset, length, writable: true);
        stream.SetLength(0);
        return stream;
    }

    /// <summary>The main PDF's bytes, seekable.</summary>
    public Stream MainPart => _main;

    /// <summary>Reads every chunk after the header; chunks longer than a part's declared size are refused at once.</summary>
    /// <exception cref="Core.Errors.ExchangeException">RESOURCE_EXHAUSTED: the spool folder's disk is full.</exception>
    public static async Task<ISpooledContent> ReceiveAsync(
        IAsyncStreamReader<SendRequest> requests, IReadOnlyList<PartDeclaration> parts, SpoolFolder folder, SpoolMemory memory, CancellationToken ct)
    {
        var spool = new SendSpool(parts, folder, memory);
        try
        {
            var received = new long[parts.Count];
            var maxChunks = MaxChunks(parts);
            var chunks = 0L;
            var header = new byte[RecordHeaderBytes];
            while (await requests.MoveNext(ct).ConfigureAwait(false))
            {
                var chunk = SendChunks.Of(requests.Current);

                if (++chunks > maxChunks)
                {
                    // Each chunk costs a spool record: a flood of tiny chunks must not turn a small document into a big spool.
                    throw InvalidArgument($"Send carries more than {maxChunks} chunks for {parts.Sum(p => p.Size)} declared bytes: send chunks of at least {MinTypicalChunkBytes} bytes");
                }

                var index = IndexOf(parts, chunk.PartId);
                received[index] += chunk.Data.Length;
                if (received[index] > parts[index].Size)
                {
                    throw InvalidArgument($"part '{chunk.PartId}' is longer than its declared size of {parts[index].Size} bytes: declare its exact size");
                }
                var isMain = index == spool._mainIndex;
                BinaryPrimitives.WriteInt32LittleEndian(header, index);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), chunk.Data.Length);
                header[8] = isMain ? (byte)1 : (byte)0;
                await spool._sequence.WriteAsync(header, ct).ConfigureAwait(false);
                await (isMain ? spool._main : spool._sequence).WriteAsync(chunk.Data.Memory, ct).ConfigureAwait(false);
            }
            // Written out now, so that a full disk is found here rather than at the first read of the replay.
            await spool._main.FlushAsync(ct).ConfigureAwait(false);
            await spool._sequence.FlushAsync(ct).ConfigureAwait(false);
            return spool;
        }
        catch (IOException e) when (Storage.Files.OutOfSpace.IsOutOfSpace(e))
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw Storage.Files.OutOfSpace.Refusal(SpoolFolder.What, e);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private const int MinTypicalChunkBytes = 1024;

    /// <summary>One chunk per KiB declared, and some slack for the last chunk of every part.</summary>
    private static long MaxChunks(IReadOnlyList<PartDeclaration> parts) => 64 + parts.Count + parts.Sum(p => p.Size) / MinTypicalChunkBytes;

    /// <summary>The chunks in the order they came, for the domain; the main part's without their bytes, which stay unread.</summary>
    public async IAsyncEnumerable<PartChunk> ReplayAsync([EnumeratorCancellation] CancellationToken ct)
    {
        _sequence.Position = 0;
        var header = new byte[RecordHeaderBytes];
        var buffer = Array.Empty<byte>();
        try
        {
            while (_sequence.Position < _sequence.Length)
            {
                await _sequence.ReadExactlyAsync(header, ct).ConfigureAwait(false);
                var index = BinaryPrimitives.ReadInt32LittleEndian(header);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                if (header[8] == 1)
                {
                    yield return new PartChunk(_parts[index].PartId, ReadOnlyMemory<byte>.Empty);
                    continue;
                }
                if (buffer.Length < length)
                {
                    // The smaller buffer goes back only once the larger is held: the finally below returns whichever is held.
                    var smaller = buffer;
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                    Return(smaller);
                }
                var data = buffer.AsMemory(0, length);
                await _sequence.ReadExactlyAsync(data, ct).ConfigureAwait(false);
                // PartChunk's memory need only stay valid until the next chunk is asked for.
                yield return new PartChunk(_parts[index].PartId, data);
            }
        }
        finally
        {
            Return(buffer);
        }
    }

    private static void Return(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Closes (and so deletes) both spool files, even when the disk is full and their buffers cannot be written; or
    /// returns the in-memory spool's buffer to the pool. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync(_main).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await CloseAsync(_sequence).ConfigureAwait(false);
            }
            finally
            {
                // Once only, and after both streams are closed: a read of the spool after this fails, rather than see
                // the bytes of the next document that rents the buffer.
                if (Interlocked.Exchange(ref _pooled, null) is { } pooled)
                {
                    _memory.Return(pooled);
                }
            }
        }
    }

    private static async ValueTask CloseAsync(Stream stream)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (Storage.Files.OutOfSpace.IsOutOfSpace(e))
        {
            // The buffer's last bytes could not be written; the file is closed (and deleted) regardless.
        }
    }

    private static int IndexOf(IReadOnlyList<PartDeclaration> parts, string partId)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (string.Equals(parts[i].PartId, partId, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw InvalidArgument($"a chunk names part '{partId}', which the header does not declare");
    }

    private static RpcException InvalidArgument(string message) => new(new Status(GrpcStatusCode.InvalidArgument, message));
}
