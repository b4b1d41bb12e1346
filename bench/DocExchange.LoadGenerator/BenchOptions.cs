using System.Globalization;

namespace DocExchange.LoadGenerator;

/// <summary>Command-line options of the load generator.</summary>
internal sealed class BenchOptions
{
    public bool Quick { get; private init; }
    public string Engine { get; private init; } = "sqlite";
    public string Output { get; private init; } = Path.Combine("bench", "results", "load.json");
    public string RepositoryRoot { get; private init; } = "";
    public string ServerDll { get; private init; } = "";
    public int Senders { get; private init; }
    public int Recipients { get; private init; }
    public int FetchWorkers { get; private init; }
    public long MemoryDocumentBytes { get; private init; }
    public bool SkipMemory { get; private init; }
    public TimeSpan CeilingDuration { get; private init; }
    public IReadOnlyList<int> Concurrency { get; private init; } = [];
    public IReadOnlyList<(int Bytes, TimeSpan Duration, int MaxDocuments)> Sizes { get; private init; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var repository = Option(args, "--repo") ?? FindRepositoryRoot();
        var configuration = Option(args, "--configuration") ?? "Release";
        return new BenchOptions
        {
            Quick = quick,
            Engine = Option(args, "--engine") ?? "sqlite",
            Output = Option(args, "--out") ?? Path.Combine(repository, "bench", "results", "load.json"),
            RepositoryRoot = repository,
            ServerDll = Option(args, "--server-dll") ?? Path.Combine(repository, "src", "DocExchange.Server", "bin", configuration, "net10.0", "DocExchange.Server.dll"),
            Senders = Int(args, "--senders") ?? (quick ? 4 : 64),
            Recipients = Int(args, "--recipients") ?? (quick ? 2 : 4),
            FetchWorkers = Int(args, "--fetch-workers") ?? (quick ? 2 : 4),
            MemoryDocumentBytes = (Int(args, "--memory-mib") ?? (quick ? 32 : 1024)) * 1024L * 1024,
            SkipMemory = args.Contains("--skip-memory"),
            CeilingDuration = TimeSpan.FromSeconds(quick ? 1 : 3),
            Concurrency = quick ? [1, 4] : [1, 16, 64],
            Sizes = quick
                ? [(100 * 1024, TimeSpan.FromSeconds(1.5), 300)]
                :
                [
                    (100 * 1024, TimeSpan.FromSeconds(10), 20_000),
                    (1024 * 1024, TimeSpan.FromSeconds(8), 4_000),
                    (20 * 1024 * 1024, TimeSpan.FromSeconds(8), 400),
                ],
        };
    }

    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static int? Int(string[] args, string name) =>
        Option(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

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
