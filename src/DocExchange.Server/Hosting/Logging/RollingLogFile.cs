using System.Text;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Sinks.File;

namespace DocExchange.Server.Hosting.Logging;

/// <summary>
/// Serilog's rolling file sink (a file a day, the last 31 kept), whose flush after every event stops at an in-memory
/// buffer: the batch's <see cref="Flush"/> writes the batch out in one write.
/// </summary>
public sealed class RollingLogFile : IBatchedLogOutput
{
    private const int RetainedFiles = 31;
    private const int BufferBytes = 64 * 1024;

    private readonly BatchFlushHooks _hooks = new();
    private readonly ILogEventSink _sink;
    private readonly string _path;

    public RollingLogFile(ITextFormatter formatter, string path)
    {
        _path = path;
        _sink = Serilog.Configuration.LoggerSinkConfiguration.CreateSink(sinks => sinks.File(
            formatter, path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: RetainedFiles, hooks: _hooks));
    }

    public void Write(LogEvent logEvent) => _sink.Emit(logEvent);

    public void Flush() => _hooks.Current?.FlushBatch();

    public void Dispose() => (_sink as IDisposable)?.Dispose();

    public override string ToString() => _path;

    private sealed class BatchFlushHooks : FileLifecycleHooks
    {
        public BatchFlushStream? Current { get; private set; }

        public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding) =>
            Current = new BatchFlushStream(underlyingStream);
    }

    /// <summary>Buffers what is written; <see cref="Flush"/> (which the sink calls after every event) does nothing.</summary>
    private sealed class BatchFlushStream(Stream file) : Stream
    {
        private readonly BufferedStream _buffer = new(file, BufferBytes);
        private bool _disposed;

        public void FlushBatch()
        {
            if (!_disposed)
            {
                _buffer.Flush();
            }
        }

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count) => _buffer.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => !_disposed;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                _buffer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
