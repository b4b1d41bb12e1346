using System.Text.Json;

namespace DocExchange.Benchmarks;

/// <summary>What one BenchmarkDotNet case measured; times in nanoseconds per operation.</summary>
internal sealed record MicroResult(
    string Type, string Method, string Parameters, double MeanNs, double MedianNs, double StdDevNs, int Iterations, long? AllocatedBytesPerOperation);

/// <summary>The file the report step reads (bench/results/micro.json).</summary>
internal sealed record MicroResults(bool Quick, DateTimeOffset FinishedAt, IReadOnlyList<MicroResult> Results)
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };
}
