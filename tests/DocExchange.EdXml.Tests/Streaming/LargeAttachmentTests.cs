using System.Security.Cryptography;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Tests.Support;
using DocExchange.EdXml.Writing;

namespace DocExchange.EdXml.Tests.Streaming;

[CollectionDefinition(nameof(LargeAttachmentTests), DisableParallelization = true)]
public sealed class LargeAttachmentCollection;

/// <summary>
/// A 200 MB attachment is written and read through files with the live managed heap staying far below its size:
/// base64 is encoded and decoded on the fly, never held whole. (Alone in its collection, so other tests do not
/// add to the heap it measures.)
/// </summary>
[Collection(nameof(LargeAttachmentTests))]
public sealed class LargeAttachmentTests : IDisposable
{
    private const long Size = 200L * 1024 * 1024;
    private const long HeapAllowance = 32L * 1024 * 1024;
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task A_200_MB_attachment_goes_out_and_back_in_with_a_flat_heap()
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var source = new GeneratedContent(Size, baseline);
        var file = _folder.File("large.edxml");
        var reference = new EdXmlReference("large", "application/pdf", "tệp lớn.pdf");

        await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await EdXmlPackageWriter.WriteDocumentAsync(output, SamplePackages.MinimalHeader(), [new EdXmlOutgoingAttachment(reference, _ => ValueTask.FromResult<Stream>(source))],
                new EdXmlWriterOptions(), signer: null, CancellationToken.None);
        }
        Assert.True(new FileInfo(file).Length > Size * 4 / 3);

        var input = new HeapSamplingStream(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true), baseline);
        await using (input)
        {
            await using var read = await EdXmlPackageReader.ReadAsync(input, new EdXmlReaderOptions { TempDirectory = _folder.Path }, CancellationToken.None);
            var attachment = Assert.Single(read.Attachments);
            Assert.Equal(Size, attachment.Length);
            await using var content = attachment.OpenRead();
            Assert.Equal(source.Sha256, Convert.ToHexString(await SHA256.HashDataAsync(content)));
        }

        Console.WriteLine($"200 MB attachment: heap growth writing {source.PeakHeapGrowth / 1024} KiB, reading {input.PeakHeapGrowth / 1024} KiB");
        Assert.True(source.PeakHeapGrowth < HeapAllowance, $"writing grew the heap by {source.PeakHeapGrowth / 1024 / 1024} MB");
        Assert.True(input.PeakHeapGrowth < HeapAllowance, $"reading grew the heap by {input.PeakHeapGrowth / 1024 / 1024} MB");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Pseudo-random bytes of a given length, hashed as they are read, sampling the live heap every 16 MB.</summary>
    private sealed class GeneratedContent(long length, long baseline) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly Random _random = new(42);
        private long _position;
        private long _nextSample;

        public long PeakHeapGrowth { get; private set; }

        /// <summary>The SHA-256 of what was read, set when the writer disposes the stream.</summary>
        public string? Sha256 { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            _random.NextBytes(buffer[..n]);
            _hash.AppendData(buffer[..n]);
            _position += n;
            if (_position >= _nextSample)
            {
                PeakHeapGrowth = Math.Max(PeakHeapGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                _nextSample += 16 * 1024 * 1024;
            }
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Sha256 is null)
            {
                Sha256 = Convert.ToHexString(_hash.GetHashAndReset());
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only stream that samples the live heap every 16 MB read.</summary>
    private sealed class HeapSamplingStream(Stream inner, long baseline) : Stream
    {
        private long _read;
        private long _nextSample;

        public long PeakHeapGrowth { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Sample(await inner.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Sample(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

        public override int Read(byte[] buffer, int offset, int count) => Sample(inner.Read(buffer, offset, count));

        private int Sample(int n)
        {
            _read += n;
            if (_read >= _nextSample)
            {
                PeakHeapGrowth = Math.Max(PeakHeapGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                _nextSample += 16 * 1024 * 1024;
            }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
