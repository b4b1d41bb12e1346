using System.Collections.Concurrent;
using System.Diagnostics;

namespace DocExchange.LoadGenerator.Load;

/// <summary>Matches each delivery a recipient sees to the send that made it, by the document's unique CodeNumber.</summary>
internal sealed class DocumentTracker
{
    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);

    public void Started(string codeNumber, PhaseStats phase, long startTimestamp) => _inFlight[codeNumber] = new InFlight(phase, startTimestamp);

    public void Forget(string codeNumber) => _inFlight.TryRemove(codeNumber, out _);

    /// <summary>Records the receipt; null for a delivery not sent by this run, or seen before (a re-pushed pending one).</summary>
    public InFlight? Received(string codeNumber)
    {
        if (!_inFlight.TryGetValue(codeNumber, out var entry) || Interlocked.Exchange(ref entry.ReceivedFlag, 1) == 1)
        {
            return null;
        }
        entry.Phase.Receipt.AddBetween(entry.Start, Stopwatch.GetTimestamp());
        return entry;
    }

    public void Done(string codeNumber, InFlight entry)
    {
        entry.Phase.CompletedNow(entry.Start);
        _inFlight.TryRemove(codeNumber, out _);
    }

    internal sealed class InFlight(PhaseStats phase, long start)
    {
        public int ReceivedFlag;

        public PhaseStats Phase { get; } = phase;

        public long Start { get; } = start;
    }
}
