using System.Diagnostics;
using System.Globalization;
using Grpc.Core;

namespace DocExchange.Client.Transport;

/// <summary>
/// Abandons an attempt of a transfer that makes no progress for <see cref="DocExchangeClientOptions.StallTimeout"/>:
/// its calls run on <see cref="Token"/>, which is cancelled when no message has been received (<see cref="Reading"/>)
/// or no write has completed (<see cref="Writing"/>) for that long. The attempt then fails as UNAVAILABLE, which the
/// retries treat as a lost connection. The caller's own cancellation stays a cancellation.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _cancellation;
    private readonly Timer? _timer;
    private readonly Lock _sync = new();
    private long _lastProgress = Stopwatch.GetTimestamp();
    private bool _stopped;

    private StallWatch(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
        {
            _timeout = t;
            _timer = new Timer(static state => ((StallWatch)state!).Check(), this, t, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The attempt's token: the caller's, also cancelled when the transfer stalls.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>True once the transfer has been abandoned as stalled.</summary>
    public bool Stalled { get; private set; }

    /// <summary>
    /// Runs one attempt of a download: <paramref name="attempt"/> reads its responses through <see cref="Reading"/>.
    /// </summary>
    public static Task<T> DownloadAsync<T>(
        DocExchangeClientOptions options, string operation, string subject, CancellationToken cancellationToken, Func<StallWatch, CancellationToken, Task<T>> attempt) =>
        RunAsync(options, timeout => $"no data for {Format(timeout)} from the server during {operation} of {subject}", cancellationToken, attempt);

    /// <summary>
    /// Runs one attempt of an upload: <paramref name="attempt"/> writes through <see cref="Writing"/>, and calls
    /// <see cref="Stop"/> before it waits for the server's answer.
    /// </summary>
    public static Task<T> UploadAsync<T>(
        DocExchangeClientOptions options, string operation, string subject, CancellationToken cancellationToken, Func<StallWatch, CancellationToken, Task<T>> attempt) =>
        RunAsync(options, timeout => $"no write completed for {Format(timeout)} to the server during {operation} of {subject}", cancellationToken, attempt);

    /// <summary>
    /// Runs one attempt of a transfer both ways (Seal): <paramref name="attempt"/> writes through <see cref="Writing"/>,
    /// calls <see cref="Stop"/> while the server works in silence, and <see cref="Resume"/> once its answer starts.
    /// </summary>
    public static Task<T> TransferAsync<T>(
        DocExchangeClientOptions options, string operation, string subject, CancellationToken cancellationToken, Func<StallWatch, CancellationToken, Task<T>> attempt) =>
        RunAsync(options, timeout => $"nothing moved for {Format(timeout)} between the client and the server during {operation} of {subject}", cancellationToken, attempt);

    /// <summary>A response stream whose every message received counts as progress, and whose end ends the watch.</summary>
    public IAsyncStreamReader<T> Reading<T>(IAsyncStreamReader<T> responses) => new WatchedReader<T>(responses, this);

    /// <summary>A request stream whose every completed write counts as progress.</summary>
    public IClientStreamWriter<T> Writing<T>(IClientStreamWriter<T> requests) => new WatchedWriter<T>(requests, this);

    /// <summary>The transfer is over (what follows, e.g. the server's work on an upload, is not watched).</summary>
    public void Stop()
    {
        lock (_sync)
        {
            _stopped = true;
            _timer?.Change(System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The transfer goes on after a <see cref="Stop"/>: watched again from now, unless it was abandoned as stalled.</summary>
    public void Resume()
    {
        lock (_sync)
        {
            if (Stalled || _timer is null)
            {
                return;
            }

            _stopped = false;
            Progressed();
            _timer.Change(_timeout, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        Stop();
        _timer?.Dispose();
        _cancellation.Dispose();
    }

    private void Progressed() => Volatile.Write(ref _lastProgress, Stopwatch.GetTimestamp());

    private static async Task<T> RunAsync<T>(
        DocExchangeClientOptions options, Func<TimeSpan, string> describe, CancellationToken cancellationToken, Func<StallWatch, CancellationToken, Task<T>> attempt)
    {
        using var watch = new StallWatch(options.StallTimeout, cancellationToken);
        try
        {
            return await attempt(watch, watch.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (watch.Stalled && !cancellationToken.IsCancellationRequested)
        {
            // Whatever the abandoned attempt threw (a cancelled call, read or write) is a consequence of the stall.
            throw new RpcException(new Status(
                StatusCode.Unavailable,
                $"{describe(watch._timeout)}; the stalled transfer was abandoned ({options.StallTimeoutSetting})",
                failure));
        }
    }

    private void Check()
    {
        lock (_sync)
        {
            if (_stopped)
            {
                return;
            }

            var idle = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastProgress));
            if (idle < _timeout)
            {
                _timer!.Change(Max(_timeout - idle, Tick), System.Threading.Timeout.InfiniteTimeSpan);
                return;
            }

            Stalled = true;
            _stopped = true;
        }

        // Outside the lock: cancelling runs the call's cancellation callbacks.
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended meanwhile.
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>"60 s", "1.5 s", "500 ms".</summary>
    private static string Format(TimeSpan timeout) => timeout < TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMilliseconds:0.###} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");

    private sealed class WatchedReader<T>(IAsyncStreamReader<T> inner, StallWatch watch) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var received = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
            if (received)
            {
                watch.Progressed();
            }
            else
            {
                // The whole answer is in: what follows (checking and committing the files) is local work.
                watch.Stop();
            }

            return received;
        }
    }

    private sealed class WatchedWriter<T>(IClientStreamWriter<T> inner, StallWatch watch) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => Watched(inner.WriteAsync(message));

        public Task WriteAsync(T message, CancellationToken cancellationToken) => Watched(inner.WriteAsync(message, cancellationToken));

        public Task CompleteAsync() => Watched(inner.CompleteAsync());

        private async Task Watched(Task write)
        {
            await write.ConfigureAwait(false);
            watch.Progressed();
        }
    }
}
