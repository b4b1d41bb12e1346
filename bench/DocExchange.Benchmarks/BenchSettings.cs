namespace DocExchange.Benchmarks;

/// <summary>Set once by Program before BenchmarkDotNet runs (in process), read by the parameter sources.</summary>
internal static class BenchSettings
{
    /// <summary>Smoke run: smaller trees and documents, one iteration each.</summary>
    public static bool Quick { get; set; }

    /// <summary>Adds the 10M-leaf trees (in memory and SQLite) to the proof benchmarks.</summary>
    public static bool TenMillionLeaves { get; set; }
}
