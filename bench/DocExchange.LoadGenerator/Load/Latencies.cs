using System.Collections.Concurrent;
using System.Diagnostics;
using DocExchange.LoadGenerator.Results;

namespace DocExchange.LoadGenerator.Load;

/// <summary>Collects latencies from many tasks; summarises them as nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly ConcurrentQueue<double> _milliseconds = new();

    public void AddSince(long startTimestamp) => _milliseconds.Enqueue(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void AddBetween(long startTimestamp, long endTimestamp) =>
        _milliseconds.Enqueue(Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds);

    public Percentiles? Summarize()
    {
        var sorted = _milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        Array.Sort(sorted);
        return new Percentiles(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
