using BenchmarkDotNet.Attributes;

namespace DocExchange.Benchmarks;

/// <summary>
/// Audit appends as the integrator makes them: batches of 1,000 leaf hashes (its default batch) appended to the
/// Merkle log in one store write. Reported per leaf, so 1/mean is appends per second. The log keeps growing across
/// iterations, as the real one does.
/// </summary>
public class MerkleAppendBenchmarks
{
    private const int Batch = 1000;
    private MerkleStores _stores = null!;
    private byte[][] _leaves = null!;

    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    // The in-process toolchain does not await an async [GlobalSetup] (BenchmarkDotNet issue #1738): a setup that really
    // yields (building the 10M tree does) would still be running when the workload starts, so it is waited for here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _stores = await MerkleStores.OpenAsync(Store);
        _leaves = MerkleStores.RandomLeafHashes(Batch, 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _stores.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task AppendBatchOf1000() => await _stores.Log.AppendLeafHashesAsync(_leaves, CancellationToken.None);
}
