using System.Globalization;

namespace DocExchange.LoadGenerator.Hosting;

/// <summary>
/// CPU time (user + system) of Linux processes from /proc/&lt;pid&gt;/stat, to say during a load phase which process
/// used the machine's cores: the server instances, the database, or the load generator itself.
/// </summary>
internal static class ProcessCpu
{
    // USER_HZ, the unit of utime and stime in /proc/<pid>/stat: 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU the process has used so far; 0 if it is gone.</summary>
    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>Seconds of CPU the whole machine has been busy (every state but idle and iowait, summed over cores).</summary>
    public static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already in user).
        return (fields.Take(8).Sum() - fields[3] - fields[4]) / TicksPerSecond;
    }

    /// <summary>The ids of running processes whose command name is <paramref name="name"/> (e.g. every postgres backend).</summary>
    public static IReadOnlyList<int> Named(string name)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd() == name)
                    {
                        pids.Add(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended while the folder was read.
                }
            }
        }
        return pids;
    }
}

/// <summary>CPU used by the servers, the database processes, the load generator and the whole machine between two snapshots.</summary>
internal sealed class CpuSnapshot
{
    private readonly IReadOnlyList<int> _servers;
    private readonly Dictionary<int, double> _database;
    private readonly double _servers0;
    private readonly double _self0;
    private readonly double _machine0;
    private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();

    private CpuSnapshot(IReadOnlyList<int> servers, string? databaseProcess)
    {
        _servers = servers;
        _database = databaseProcess is null ? [] : ProcessCpu.Named(databaseProcess).ToDictionary(pid => pid, ProcessCpu.Seconds);
        _servers0 = servers.Sum(ProcessCpu.Seconds);
        _self0 = ProcessCpu.Seconds(Environment.ProcessId);
        _machine0 = ProcessCpu.MachineBusySeconds();
        DatabaseProcess = databaseProcess;
    }

    private string? DatabaseProcess { get; }

    public static CpuSnapshot Take(IReadOnlyList<int> servers, string? databaseProcess) => new(servers, databaseProcess);

    /// <summary>Average cores used since the snapshot. Database backends started since then count from zero.</summary>
    public Results.CpuUse Since()
    {
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var database = DatabaseProcess is null ? 0
            : ProcessCpu.Named(DatabaseProcess).Sum(pid => ProcessCpu.Seconds(pid) - _database.GetValueOrDefault(pid));
        return new Results.CpuUse(
            (_servers.Sum(ProcessCpu.Seconds) - _servers0) / seconds,
            database / seconds,
            (ProcessCpu.Seconds(Environment.ProcessId) - _self0) / seconds,
            (ProcessCpu.MachineBusySeconds() - _machine0) / seconds);
    }
}
