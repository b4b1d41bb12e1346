using System.Text.Json;

namespace DocExchange.LoadGenerator.Report;

/// <summary>One line of bench/results/micro.json, written by DocExchange.Benchmarks; times in ns per operation.</summary>
internal sealed record MicroResult(string Type, string Method, string Parameters, double MeanNs, double MedianNs, double StdDevNs, int Iterations, long? AllocatedBytesPerOperation)
{
    public static async Task<(bool Quick, IReadOnlyList<MicroResult> Results, IReadOnlyList<AuditStorageFigure> AuditStorage)> ReadAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        using var document = await JsonDocument.ParseAsync(file, cancellationToken: ct);
        var root = document.RootElement;
        var results = root.GetProperty("Results").Deserialize<List<MicroResult>>() ?? [];
        var storage = root.TryGetProperty("AuditStorage", out var figures) ? figures.Deserialize<List<AuditStorageFigure>>() ?? [] : [];
        return (root.GetProperty("Quick").GetBoolean(), results, storage);
    }
}

/// <summary>
/// Audit storage bytes per event on one engine, as bench/results/micro.json holds it (DocExchange.Benchmarks'
/// AuditStorageResult): <see cref="Error"/> instead of figures when the engine could not be measured.
/// </summary>
internal sealed record AuditStorageFigure(string Engine, long Events, long Bytes, double? BytesPerEvent, string Measure, string? Error);

/// <summary>Looks results up by type, method and parameters.</summary>
internal sealed class MicroResults(IReadOnlyList<MicroResult> results)
{
    public MicroResult? Find(string type, string method, string parameters = "") =>
        results.FirstOrDefault(r => r.Type == type && r.Method == method && r.Parameters == parameters);

    public IEnumerable<MicroResult> OfType(string type) => results.Where(r => r.Type == type);

    public double? MeanNs(string type, string method, string parameters = "") => Find(type, method, parameters)?.MeanNs;
}
