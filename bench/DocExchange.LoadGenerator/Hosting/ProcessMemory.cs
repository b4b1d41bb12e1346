using System.Globalization;

namespace DocExchange.LoadGenerator.Hosting;

/// <summary>Resident memory of a Linux process from /proc/&lt;pid&gt;/status, in bytes.</summary>
internal static class ProcessMemory
{
    public static long ResidentBytes(int pid) => Read(pid, "VmRSS:");

    /// <summary>Peak resident set size since start or since <see cref="ResetPeak"/>.</summary>
    public static long PeakResidentBytes(int pid) => Read(pid, "VmHWM:");

    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0: writing 5 to clear_refs).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Read(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line.");
    }
}

/// <summary>Samples a process's RSS every few milliseconds and keeps the highest seen.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _max;

    public MemorySampler(int pid, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    var rss = ProcessMemory.ResidentBytes(pid);
                    if (rss > Interlocked.Read(ref _max))
                    {
                        Interlocked.Exchange(ref _max, rss);
                    }
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        });
    }

    public long MaxResidentBytes => Interlocked.Read(ref _max);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
