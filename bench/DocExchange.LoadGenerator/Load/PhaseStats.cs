using System.Diagnostics;

namespace DocExchange.LoadGenerator.Load;

/// <summary>What one phase observed, written by the senders and the recipients' workers concurrently.</summary>
internal sealed class PhaseStats
{
    private int _sent;
    private int _sendErrors;
    private int _completed;
    private int _receiveErrors;
    private long _lastCompletion;
    private string? _firstError;

    public Latencies Send { get; } = new();

    /// <summary>Send started → the delivery pushed on the recipient's inbox stream.</summary>
    public Latencies Receipt { get; } = new();

    /// <summary>Send started → the recipient has fetched it, checked its hash and acknowledged it (01).</summary>
    public Latencies Done { get; } = new();

    public int Sent => Volatile.Read(ref _sent);

    public int Errors => Volatile.Read(ref _sendErrors) + Volatile.Read(ref _receiveErrors);

    public int SendErrors => Volatile.Read(ref _sendErrors);

    public int Completed => Volatile.Read(ref _completed);

    public long LastCompletion => Interlocked.Read(ref _lastCompletion);

    public string? FirstError => _firstError;

    /// <summary>Every successful send is either completed or failed on the recipient side.</summary>
    public bool Drained => Completed + Volatile.Read(ref _receiveErrors) >= Sent;

    public void SendSucceeded(long start)
    {
        Send.AddSince(start);
        Interlocked.Increment(ref _sent);
    }

    public void SendFailed(Exception e)
    {
        Interlocked.Increment(ref _sendErrors);
        Interlocked.CompareExchange(ref _firstError, "send: " + ExchangeCalls.Describe(e), null);
    }

    public void ReceiveFailed(Exception e)
    {
        Interlocked.Increment(ref _receiveErrors);
        Interlocked.CompareExchange(ref _firstError, "fetch/acknowledge: " + ExchangeCalls.Describe(e), null);
    }

    public void CompletedNow(long start)
    {
        var now = Stopwatch.GetTimestamp();
        Done.AddBetween(start, now);
        Interlocked.Exchange(ref _lastCompletion, now);
        Interlocked.Increment(ref _completed);
    }
}
