using System.Threading.Channels;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace DocExchange.Server.Hosting.Logging;

/// <summary>
/// Queues log events and writes them from one background consumer, in batches: it drains everything queued, writes it
/// to each output, and flushes each output once per batch, then lets the next batch gather for
/// <see cref="BatchInterval"/>. A call that logs never waits on console or file I/O; when the queue is full it waits
/// for room rather than dropping its event. Disposing writes out everything queued.
/// </summary>
public sealed class BatchedLogSink : ILogEventSink, IDisposable, IAsyncDisposable
{
    /// <summary>The longest an event waits in the queue while the consumer is idle or between two batches.</summary>
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(20);

    public const int DefaultCapacity = 10_000;

    private readonly Channel<LogEvent> _queue;
    // An array, so that the consumer's loops over it per event allocate no enumerator.
    private readonly IBatchedLogOutput[] _outputs;
    private readonly int _capacity;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _consumer;

    public BatchedLogSink(IReadOnlyList<IBatchedLogOutput> outputs, int capacity = DefaultCapacity)
    {
        _outputs = [.. outputs];
        _capacity = capacity;
        _queue = Channel.CreateBounded<LogEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = Task.Run(WriteBatchesAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        if (_queue.Writer.TryWrite(logEvent))
        {
            return;
        }

        try
        {
            // Full: the caller waits for room rather than losing its event (Serilog's sink contract is synchronous).
            _queue.Writer.WriteAsync(logEvent).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            // Logged after the logger was disposed: there is nowhere left to write it.
        }
    }

    private async Task WriteBatchesAsync()
    {
        var reader = _queue.Reader;
        // Waits without spinning: the consumer costs nothing while nothing is logged.
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            for (var written = 0; written < _capacity && reader.TryRead(out var logEvent); written++)
            {
                foreach (var output in _outputs)
                {
                    Write(output, logEvent);
                }
            }

            foreach (var output in _outputs)
            {
                Guarded(output, o => o.Flush());
            }

            try
            {
                // What is logged meanwhile waits for the next batch: one write of many lines rather than one per line.
                await Task.Delay(BatchInterval, _disposing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposing: write out what is left without waiting.
            }
        }
    }

    /// <summary>An output that fails (a full disk, a closed console) loses that event, not the others or the consumer.</summary>
    private static void Write(IBatchedLogOutput output, LogEvent logEvent)
    {
        try
        {
            output.Write(logEvent);
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("Writing a log event to {0} failed: {1}", output, e);
        }
    }

    private static void Guarded(IBatchedLogOutput output, Action<IBatchedLogOutput> action)
    {
        try
        {
            action(output);
        }
        catch (Exception e)
        {
            SelfLog.WriteLine("Flushing or closing {0} failed: {1}", output, e);
        }
    }

    public void Dispose()
    {
        if (!StopAccepting())
        {
            return;
        }

        _consumer.GetAwaiter().GetResult();
        DisposeOutputs();
    }

    public async ValueTask DisposeAsync()
    {
        if (!StopAccepting())
        {
            return;
        }

        await _consumer.ConfigureAwait(false);
        DisposeOutputs();
    }

    private bool StopAccepting()
    {
        if (!_queue.Writer.TryComplete())
        {
            return false;
        }

        _disposing.Cancel();
        return true;
    }

    private void DisposeOutputs()
    {
        foreach (var output in _outputs)
        {
            Guarded(output, o => o.Dispose());
        }

        _disposing.Dispose();
    }
}
