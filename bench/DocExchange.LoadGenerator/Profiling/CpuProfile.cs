using System.Text.Json;
using DocExchange.LoadGenerator.Results;

namespace DocExchange.LoadGenerator.Profiling;

/// <summary>
/// Where the server's CPU went during one profiled load phase (bench/profile.sh): the phase's figures and each
/// resource's share of the server's samples, as milliseconds of CPU per delivered document.
/// </summary>
internal sealed record CpuProfile(
    string Engine,
    long DocumentBytes,
    int Concurrency,
    double DocumentsPerSecond,
    double ServerCores,
    double ServerMsPerDocument,
    double DatabaseMsPerDocument,
    int Samples,
    IReadOnlyList<ProfileShare> Shares)
{
    public static async Task<CpuProfile> ReadAsync(string path, CancellationToken ct) =>
        JsonSerializer.Deserialize<CpuProfile>(await File.ReadAllTextAsync(path, ct), LoadResults.JsonOptions)
            ?? throw new InvalidOperationException($"{path} holds no profile.");

    public Task WriteAsync(string path, CancellationToken ct) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, LoadResults.JsonOptions), ct);
}

/// <summary>One resource's share of the samples, largest first in a <see cref="CpuProfile"/>.</summary>
internal sealed record ProfileShare(string Where, double Share, double MsPerDocument);
