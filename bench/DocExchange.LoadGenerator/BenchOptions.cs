using System.Globalization;

namespace DocExchange.LoadGenerator;

/// <summary>Command-line options of the load generator.</summary>
internal sealed class BenchOptions
{
    public bool Quick { get; private init; }
    public IReadOnlyList<string> Engines { get; private init; } = [];

    /// <summary>Instance counts of the scale-out runs (several servers sharing one PostgreSQL), besides the single instance.</summary>
    public IReadOnlyList<int> ScaleOut { get; private init; } = [];

    /// <summary>Load at full concurrency before the measured phases of each deployment (JIT tiering, pools, caches).</summary>
    public TimeSpan WarmUp { get; private init; }
    public string Output { get; private init; } = Path.Combine("bench", "results", "load.json");
    public string RepositoryRoot { get; private init; } = "";
    public string ServerDll { get; private init; } = "";

    /// <summary>The bare gRPC server the empty call through the server's pipeline is compared with.</summary>
    public string BareServerDll { get; private init; } = "";
    public int Senders { get; private init; }
    public int Recipients { get; private init; }
    public int FetchWorkers { get; private init; }
    public long MemoryDocumentBytes { get; private init; }
    public bool SkipMemory { get; private init; }

    /// <summary>Attachments of the large edXML package (a signed PDF and four other files of equal size), in bytes.</summary>
    public long PackageAttachmentBytes { get; private init; }

    /// <summary>Senders of the edXML phase, which runs right after the native phase of the smallest size at that concurrency; 0 for none.</summary>
    public int EdXmlConcurrency { get; private init; }

    /// <summary>No edXML phase and no large-package run (for a server built before edXML, e.g. an old baseline).</summary>
    public bool SkipEdXml { get; private init; }

    /// <summary>Sample PostgreSQL's commit-order lock during each phase (costs the database a little CPU, so off by default).</summary>
    public bool SampleCommitLock { get; private init; }
    public TimeSpan CeilingDuration { get; private init; }

    /// <summary>Each step of the empty-RPC ceiling (a warm-up, one call at a time, many in flight; on each server).</summary>
    public TimeSpan UnaryDuration { get; private init; }
    public IReadOnlyList<int> Concurrency { get; private init; } = [];
    public IReadOnlyList<(int Bytes, TimeSpan Duration, int MaxDocuments)> Sizes { get; private init; } = [];

    /// <summary>The options of run that take no value.</summary>
    internal static readonly string[] Flags = ["--quick", "--skip-memory", "--skip-edxml", "--sample-commit-lock"];

    /// <summary>The options of run that take a value.</summary>
    internal static readonly string[] Valued =
    [
        "--engine", "--out", "--senders", "--recipients", "--fetch-workers", "--memory-mib", "--package-mib", "--server-dll", "--repo",
        "--configuration", "--edxml-concurrency", "--sizes-kib", "--concurrency", "--seconds", "--warmup-seconds", "--unary-seconds", "--scale-out",
    ];

    public static BenchOptions Parse(string[] args)
    {
        RequireKnown(args);
        var quick = args.Contains("--quick");
        var repository = Option(args, "--repo") ?? FindRepositoryRoot();
        var configuration = Option(args, "--configuration") ?? "Release";
        var concurrency = Ints(args, "--concurrency") ?? (quick ? [1, 4] : [1, 16, 64]);
        if (concurrency.Count == 0 || Ints(args, "--sizes-kib") is [])
        {
            throw new ArgumentException("--concurrency and --sizes-kib need at least one value (only --scale-out may be empty)");
        }
        return new BenchOptions
        {
            Quick = quick,
            Engines = (Option(args, "--engine") ?? "sqlite,postgresql").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            ScaleOut = Ints(args, "--scale-out") ?? [2, 3],
            WarmUp = TimeSpan.FromSeconds(Int(args, "--warmup-seconds") ?? (quick ? 0 : 15)),
            Output = Option(args, "--out") ?? Path.Combine(repository, "bench", "results", "load.json"),
            RepositoryRoot = repository,
            ServerDll = Option(args, "--server-dll") ?? Path.Combine(repository, "src", "DocExchange.Server", "bin", configuration, "net10.0", "DocExchange.Server.dll"),
            BareServerDll = Path.Combine(repository, "bench", "DocExchange.BareServer", "bin", configuration, "net10.0", "DocExchange.BareServer.dll"),
            Senders = Int(args, "--senders") ?? (quick ? 4 : 64),
            Recipients = Int(args, "--recipients") ?? (quick ? 2 : 4),
            FetchWorkers = Int(args, "--fetch-workers") ?? (quick ? 2 : 4),
            MemoryDocumentBytes = (Int(args, "--memory-mib") ?? (quick ? 32 : 1024)) * 1024L * 1024,
            SkipMemory = args.Contains("--skip-memory"),
            PackageAttachmentBytes = (Int(args, "--package-mib") ?? (quick ? 20 : 500)) * 1024L * 1024,
            SampleCommitLock = args.Contains("--sample-commit-lock"),
            CeilingDuration = TimeSpan.FromSeconds(quick ? 1 : 3),
            UnaryDuration = TimeSpan.FromSeconds(Int(args, "--unary-seconds") ?? (quick ? 1 : 3)),
            Concurrency = concurrency,
            SkipEdXml = args.Contains("--skip-edxml"),
            EdXmlConcurrency = args.Contains("--skip-edxml") ? 0 : Int(args, "--edxml-concurrency") ?? DefaultEdXmlConcurrency(concurrency),
            Sizes = SelectSizes(quick ? [(100 * 1024, TimeSpan.FromSeconds(1.5), 300)]
                :
                [
                    (100 * 1024, TimeSpan.FromSeconds(10), 20_000),
                    (1024 * 1024, TimeSpan.FromSeconds(8), 4_000),
                    (20 * 1024 * 1024, TimeSpan.FromSeconds(8), 400),
                ], Ints(args, "--sizes-kib"), Int(args, "--seconds")),
        };
    }

    /// <summary>The highest concurrency of at most 16 (where the native 100 KB figures are judged), else the lowest.</summary>
    private static int DefaultEdXmlConcurrency(IReadOnlyList<int> concurrency) =>
        concurrency.Where(c => c <= 16).DefaultIfEmpty(concurrency.Min()).Max();

    /// <summary>For profiling: only the sizes given (in KiB), each phase lasting <paramref name="seconds"/> if given.</summary>
    private static List<(int Bytes, TimeSpan Duration, int MaxDocuments)> SelectSizes(
        List<(int Bytes, TimeSpan Duration, int MaxDocuments)> sizes, IReadOnlyList<int>? onlyKib, int? seconds)
    {
        var known = sizes.Select(s => s.Bytes / 1024).ToList();
        if (onlyKib?.FirstOrDefault(k => !known.Contains(k)) is { } unknown and not 0)
        {
            throw new ArgumentException($"--sizes-kib {unknown} is not one of the sizes the load runs: {string.Join(", ", known)}");
        }
        return sizes.Where(s => onlyKib is null || onlyKib.Contains(s.Bytes / 1024))
            .Select(s => seconds is { } n ? (s.Bytes, TimeSpan.FromSeconds(n), s.MaxDocuments * Math.Max(1, n / 8)) : s)
            .ToList();
    }

    /// <summary>Refuses a misspelt or unknown option before minutes of load run with defaults the caller did not mean.</summary>
    private static void RequireKnown(string[] args)
    {
        for (var i = args is ["run", ..] ? 1 : 0; i < args.Length; i++)
        {
            if (Flags.Contains(args[i])) continue;
            if (!Valued.Contains(args[i])) throw new ArgumentException($"unknown option '{args[i]}' for run (--help lists the options)");
            if (++i >= args.Length) throw new ArgumentException($"{args[i - 1]} needs a value");
        }
    }

    private static List<int>? Ints(string[] args, string name) =>
        Option(args, name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Number(name, v)).ToList();

    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int? Int(string[] args, string name) =>
        Option(args, name) is { } text ? Number(name, text) : null;

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} takes whole numbers (a list separated by commas where it allows one), not '{text}'");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DocExchange.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (DocExchange.sln) above the load generator; pass --repo DIR.");
    }
}
