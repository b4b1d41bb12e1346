using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocExchange.LoadGenerator.Report;
using DocExchange.LoadGenerator.Results;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Profiling;

/// <summary>
/// Turns a <c>perf script -F comm,ip,sym,dso</c> dump of the server's samples (bench/profile.sh) into where its CPU
/// goes, by resource: each sample is charged by its leaf frame's library (kernel, OpenSSL, SQLite, the runtime, libc)
/// and, for kernel and managed frames, by what the stack above it is doing. With the load run's server CPU per
/// document, the shares become milliseconds per document.
/// </summary>
internal static partial class ProfileSummary
{
    public static async Task<CpuProfile> BuildAsync(string perfScriptPath, string loadPath, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        var total = 0;
        await foreach (var sample in ReadSamplesAsync(perfScriptPath, ct))
        {
            var category = Categorize(sample);
            counts[category] = counts.GetValueOrDefault(category) + 1;
            total++;
        }

        var load = System.Text.Json.JsonSerializer.Deserialize<LoadResults>(await File.ReadAllTextAsync(loadPath, ct), LoadResults.JsonOptions)
            ?? throw new InvalidOperationException($"{loadPath} holds no load results.");
        // bench/profile.sh samples the one server of the single-instance run, not the scale-out runs after it.
        var phase = load.Phases.LastOrDefault(p => p.Completed > 0 && p.Instances == 1)
            ?? throw new InvalidOperationException($"{loadPath} has no completed phase of a single instance.");
        var cpuPerDocument = BaselineReport.CpuMsPerDocument(phase, c => c.ServerCores);
        var shares = counts.OrderByDescending(c => c.Value)
            .Select(c => new ProfileShare(c.Key, (double)c.Value / total, (double)c.Value / total * cpuPerDocument))
            .ToList();
        return new CpuProfile(phase.Engine, phase.DocumentBytes, phase.Concurrency, phase.DocumentsPerSecond, phase.Cpu?.ServerCores ?? double.NaN,
            cpuPerDocument, BaselineReport.CpuMsPerDocument(phase, c => c.DatabaseCores), total, shares);
    }

    public static string ToMarkdown(CpuProfile profile)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"{profile.Samples:N0} samples of the server during the {profile.Engine} phase ({Size(profile.DocumentBytes)}, {profile.Concurrency} senders: {F(profile.DocumentsPerSecond, "0.0")} doc/s, server {F(profile.ServerCores, "0.00")} cores, {F(profile.ServerMsPerDocument, "0.00")} ms of server CPU per document).\n\n");
        md.Append("| where | share of the server's samples | ms of CPU per document |\n|---|---|---|\n");
        foreach (var share in profile.Shares)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {share.Where} | {F(share.Share * 100, "0.0")}% | {F(share.MsPerDocument, "0.00")} |\n");
        }
        return md.ToString();
    }

    /// <summary>One sample: the thread's name and its frames, leaf first, each a symbol and the library it is in.</summary>
    internal sealed record Sample(string Thread, IReadOnlyList<(string Symbol, string Library)> Frames);

    internal static async IAsyncEnumerable<Sample> ReadSamplesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? thread = null;
        var frames = new List<(string, string)>();
        await foreach (var line in File.ReadLinesAsync(path, ct))
        {
            if (line.Length == 0)
            {
                continue;
            }
            if (!char.IsWhiteSpace(line[0]))
            {
                if (thread is not null)
                {
                    yield return new Sample(thread, frames);
                }
                thread = line.Trim();
                frames = [];
            }
            else if (FrameLine().Match(line) is { Success: true } frame)
            {
                frames.Add((frame.Groups["symbol"].Value, frame.Groups["library"].Value));
            }
        }
        if (thread is not null)
        {
            yield return new Sample(thread, frames);
        }
    }

    internal static string Categorize(Sample sample)
    {
        if (sample.Thread.Contains("GC", StringComparison.Ordinal))
        {
            return "garbage collector threads";
        }
        if (sample.Thread.Contains("Tiered", StringComparison.Ordinal))
        {
            return "JIT (tiered compilation)";
        }
        if (sample.Frames.Count == 0)
        {
            return "unknown";
        }

        var (leaf, library) = sample.Frames[0];
        var stack = string.Join(' ', sample.Frames.Select(f => f.Symbol));
        if (library.Contains("kernel", StringComparison.Ordinal))
        {
            return KernelCategory(stack);
        }
        if (library.Contains("libcrypto", StringComparison.Ordinal) || library.Contains("libssl", StringComparison.Ordinal))
        {
            return "OpenSSL: TLS records and SHA-256";
        }
        if (library.Contains("sqlite", StringComparison.Ordinal) || stack.Contains("sqlite3", StringComparison.Ordinal))
        {
            return "SQLite engine";
        }
        if (library.Contains("libcoreclr", StringComparison.Ordinal))
        {
            return "runtime: allocation, write barriers, casts, stubs";
        }
        if (library.Contains("libc.so", StringComparison.Ordinal))
        {
            return Memory().IsMatch(leaf) ? "libc: malloc, memcpy, memset" : "libc: system call wrappers, locks";
        }
        return ManagedCategory(sample.Frames);
    }

    private static string KernelCategory(string stack) =>
        stack.Contains("sched_yield", StringComparison.Ordinal) ? "kernel: spinning threads yielding (sched_yield)"
        : Network().IsMatch(stack) ? "kernel: loopback TCP"
        : FileIo().IsMatch(stack) ? "kernel: file I/O (blob files, SQLite WAL and database, logs)"
        : Scheduling().IsMatch(stack) ? "kernel: thread wake-ups and switches"
        : MemoryManagement().IsMatch(stack) ? "kernel: page faults and memory mapping"
        : "kernel: other";

    private static readonly (Regex Pattern, string Category)[] Managed =
    [
        (new Regex(@"Serilog|Extensions\.Logging", RegexOptions.Compiled), "managed: logging"),
        (new Regex(@"DocExchange\.Signing|BouncyCastle", RegexOptions.Compiled), "managed: signature validation"),
        (new Regex(@"DocExchange\.Storage|Data\.Sqlite|SQLitePCL|Npgsql", RegexOptions.Compiled), "managed: storage (our store and its driver)"),
        (new Regex(@"DocExchange\.Audit", RegexOptions.Compiled), "managed: audit trail"),
        (new Regex(@"DocExchange\.(Core|EdXml)", RegexOptions.Compiled), "managed: domain"),
        (new Regex(@"DocExchange\.Server", RegexOptions.Compiled), "managed: server handlers and interceptors"),
        (new Regex(@"Google\.Protobuf|DocExchange\.Protocol", RegexOptions.Compiled), "managed: protobuf"),
        (new Regex(@"Grpc\.", RegexOptions.Compiled), "managed: grpc-dotnet"),
        (new Regex(@"Kestrel|Http2|AspNetCore|System\.IO\.Pipelines|Net\.Security|Sockets", RegexOptions.Compiled), "managed: Kestrel, HTTP/2, TLS stream, sockets"),
        (new Regex(@"ThreadPool|Tasks\.|AsyncMethodBuilder|ExecutionContext|Threading", RegexOptions.Compiled), "managed: async machinery and thread pool"),
    ];

    /// <summary>The nearest frame of a known component decides: a sample in a helper is charged to its caller.</summary>
    private static string ManagedCategory(IReadOnlyList<(string Symbol, string Library)> frames)
    {
        foreach (var (symbol, _) in frames)
        {
            foreach (var (pattern, category) in Managed)
            {
                if (pattern.IsMatch(symbol))
                {
                    return category;
                }
            }
        }
        return "managed: other";
    }

    [GeneratedRegex(@"^\s*[0-9a-f]+\s+(?<symbol>.*)\s+\((?<library>[^()]*)\)\s*$")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"malloc|free|memmove|memset|memcpy")]
    private static partial Regex Memory();

    [GeneratedRegex(@"tcp_|sock_|inet_|ip_output|ip_rcv|__send|recvfrom|recvmsg|sendmsg|net_rx|netif|skb")]
    private static partial Regex Network();

    [GeneratedRegex(@"fsync|ext4|vfs_|filemap|pwrite|pread|openat|unlink|rename|sys_close|blk_|iowrite|folio|jbd2|__fput")]
    private static partial Regex FileIo();

    [GeneratedRegex(@"futex|schedule|epoll|finish_task_switch|try_to_wake")]
    private static partial Regex Scheduling();

    [GeneratedRegex(@"page_fault|mmap|munmap|madvise|brk|mprotect")]
    private static partial Regex MemoryManagement();
}
