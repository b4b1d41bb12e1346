using System.Text.Json;
using DocExchange.Benchmarks.Footprint;

namespace DocExchange.Benchmarks;

/// <summary>What one BenchmarkDotNet case measured; times in nanoseconds per operation.</summary>
internal sealed record MicroResult(
    string Type, string Method, string Parameters, double MeanNs, double MedianNs, double StdDevNs, int Iterations, long? AllocatedBytesPerOperation);

/// <summary>The file the report step reads (bench/results/micro.json): BenchmarkDotNet's results and the audit storage footprint.</summary>
internal sealed record MicroResults(bool Quick, DateTimeOffset FinishedAt, IReadOnlyList<MicroResult> Results, IReadOnlyList<AuditStorageResult> AuditStorage)
{
    public static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = true };
}
