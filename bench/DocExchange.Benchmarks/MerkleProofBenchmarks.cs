using BenchmarkDotNet.Attributes;
using DocExchange.Audit.Merkle;

namespace DocExchange.Benchmarks;

/// <summary>
/// Inclusion and consistency proofs from a large log (1M and 10M leaves; 64Ki only with --quick), in memory and in the
/// server's SQLite store, as the Audit service serves them, and the auditor's offline verification of one. A store is
/// filled once and shared by the three benchmarks of its parameter (BenchmarkDotNet runs a parameter's cases together):
/// the 1M trees grow through MerkleLog's batched appends, the 10M tree is hashed once in bulk and loaded into both stores.
/// </summary>
/// <remarks>
/// No forced full GC before each iteration: the in-memory 10M tree is 20M small arrays, and collecting them some 40
/// times per benchmark took over a minute each. The proofs only allocate short-lived arrays (gen 0).
/// </remarks>
[GcForce(false)]
public class MerkleProofBenchmarks
{
    public const long TenMillion = 10_000_000;
    private static string? s_tree;
    private static MerkleStores? s_stores;
    private static MerkleLevels? s_levels;
    private MerkleStores _stores = null!;
    private long _size;
    private long _next;
    private byte[] _root = null!;
    private InclusionProof _proof = null!;
    private byte[] _provenLeaf = null!;

    public static IEnumerable<string> Trees()
    {
        var million = BenchSettings.Quick ? "65536" : "1000000";
        yield return $"memory/{million}";
        yield return $"sqlite/{million}";
        if (!BenchSettings.Quick)
        {
            yield return $"memory/{TenMillion}";
            yield return $"sqlite/{TenMillion}";
        }
    }

    /// <summary>store/leaves.</summary>
    [ParamsSource(nameof(Trees))]
    public string Tree { get; set; } = "memory/65536";

    // The in-process toolchain does not await an async [GlobalSetup] (BenchmarkDotNet issue #1738): a setup that really
    // yields (building the 10M tree does) would still be running when the workload starts, so it is waited for here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var parts = Tree.Split('/');
        _size = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        if (s_tree != Tree)
        {
            ReleaseStores();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (_size >= TenMillion)
            {
                // Built once, loaded into each store that benchmarks this size.
                if (s_levels?.Size != _size)
                {
                    s_levels = await MerkleLevels.BuildAsync(_size, seed: 42);
                    Console.WriteLine($"// {_size:N0}-leaf tree hashed in {clock.Elapsed.TotalSeconds:0.0} s");
                }
                s_stores = await MerkleStores.OpenAsync(parts[0], s_levels);
            }
            else
            {
                s_stores = await MerkleStores.OpenAsync(parts[0]);
                await s_stores.FillAsync(_size, batch: 10_000);
            }
            s_tree = Tree;
            Console.WriteLine($"// tree {Tree} built in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        _stores = s_stores!;
        _root = await _stores.Log.GetRootAsync(_size, CancellationToken.None);
        _proof = await _stores.Log.GetInclusionProofAsync(_size / 3, _size, CancellationToken.None);
        _provenLeaf = await _stores.Log.GetLeafHashAsync(_size / 3, CancellationToken.None);
        if (!MerkleProofVerifier.VerifyInclusion(_proof, _provenLeaf, _root).IsValid)
        {
            throw new InvalidOperationException("The inclusion proof built for the benchmark does not verify.");
        }
    }

    /// <summary>Frees what is kept between cases (the store, in memory or a SQLite file, and the 10M levels); Program calls it after the run.</summary>
    public static void ReleaseTrees()
    {
        s_levels = null;
        ReleaseStores();
    }

    private static void ReleaseStores()
    {
        s_stores?.Dispose();
        s_stores = null;
        s_tree = null;
    }

    /// <summary>A different leaf each time, spread over the whole log.</summary>
    private long NextIndex() => (_next = (_next + 7_919_113) % _size);

    [Benchmark]
    public Task<InclusionProof> InclusionProof() => _stores.Log.GetInclusionProofAsync(NextIndex(), _size, CancellationToken.None);

    [Benchmark]
    public Task<ConsistencyProof> ConsistencyProof() => _stores.Log.GetConsistencyProofAsync(Math.Max(1, NextIndex()), _size, CancellationToken.None);

    [Benchmark]
    public bool VerifyInclusionOffline() => MerkleProofVerifier.VerifyInclusion(_proof, _provenLeaf, _root).IsValid;
}
