using DocExchange.Core.Errors;
using DocExchange.Protocol.V1;
using Grpc.Core;

namespace DocExchange.Server.Services.EdXml;

/// <summary>
/// The raw bytes of SendPackage as a forward-only stream for the edXML reader: never more than one message in memory,
/// and exactly the declared size (a longer stream is refused as soon as it passes it, a shorter one at its end).
/// </summary>
internal sealed class PackageUploadStream(IAsyncStreamReader<SendPackageRequest> requests, long declaredSize) : Stream
{
    private ReadOnlyMemory<byte> _pending;
    private long _received;
    private bool _ended;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending.IsEmpty)
        {
            if (_ended || !await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                _ended = true;
                if (_received != declaredSize)
                {
                    throw ExchangeException.InvalidArgument($"the package is {_received} bytes long, not the {declaredSize} bytes PackageInfo.size declares: declare its exact size");
                }
                return 0;
            }
            if (requests.Current.RequestCase != SendPackageRequest.RequestOneofCase.Data)
            {
                throw ExchangeException.InvalidArgument("SendPackage carries one PackageInfo, then only package bytes (SendPackageRequest.data); a second info was sent");
            }
            _pending = requests.Current.Data.Memory;
            _received += _pending.Length;
            if (_received > declaredSize)
            {
                throw ExchangeException.InvalidArgument($"the package is longer than the {declaredSize} bytes PackageInfo.size declares: declare its exact size");
            }
        }
        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The package stream is read asynchronously only.");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _received; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
