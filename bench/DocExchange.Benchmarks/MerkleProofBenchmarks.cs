using BenchmarkDotNet.Attributes;
using DocExchange.Audit.Merkle;

namespace DocExchange.Benchmarks;

/// <summary>
/// Inclusion and consistency proofs from a large log (1M leaves; 10M in memory with --10m), as the Audit service
/// serves them, and the auditor's offline verification of one.
/// </summary>
public class MerkleProofBenchmarks
{
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
        if (BenchSettings.TenMillionLeaves && !BenchSettings.Quick)
        {
            yield return "memory/10000000";
        }
    }

    /// <summary>store/leaves.</summary>
    [ParamsSource(nameof(Trees))]
    public string Tree { get; set; } = "memory/65536";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var parts = Tree.Split('/');
        _size = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        _stores = await MerkleStores.OpenAsync(parts[0]);
        await _stores.FillAsync(_size, batch: 10_000);
        _root = await _stores.Log.GetRootAsync(_size, CancellationToken.None);
        _proof = await _stores.Log.GetInclusionProofAsync(_size / 3, _size, CancellationToken.None);
        _provenLeaf = await _stores.Log.GetLeafHashAsync(_size / 3, CancellationToken.None);
        if (!MerkleProofVerifier.VerifyInclusion(_proof, _provenLeaf, _root).IsValid)
        {
            throw new InvalidOperationException("The inclusion proof built for the benchmark does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _stores.Dispose();

    /// <summary>A different leaf each time, spread over the whole log.</summary>
    private long NextIndex() => (_next = (_next + 7_919_113) % _size);

    [Benchmark]
    public Task<InclusionProof> InclusionProof() => _stores.Log.GetInclusionProofAsync(NextIndex(), _size, CancellationToken.None);

    [Benchmark]
    public Task<ConsistencyProof> ConsistencyProof() => _stores.Log.GetConsistencyProofAsync(Math.Max(1, NextIndex()), _size, CancellationToken.None);

    [Benchmark]
    public bool VerifyInclusionOffline() => MerkleProofVerifier.VerifyInclusion(_proof, _provenLeaf, _root).IsValid;
}
