namespace DocExchange.Benchmarks;

/// <summary>Set once by Program before BenchmarkDotNet runs (in process), read by the parameter sources.</summary>
internal static class BenchSettings
{
    /// <summary>Smoke run: smaller trees and documents, one iteration each.</summary>
    public static bool Quick { get; set; }
}
