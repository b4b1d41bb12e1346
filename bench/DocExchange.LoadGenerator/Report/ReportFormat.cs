using System.Globalization;
using DocExchange.LoadGenerator.Results;

namespace DocExchange.LoadGenerator.Report;

/// <summary>How the benchmark report writes numbers: invariant culture, "–" for a missing figure, units chosen by size.</summary>
internal static class ReportFormat
{
    internal const int OneMiB = 1024 * 1024;

    internal static string Pct(Percentiles? p) => p is null ? "–" : $"{F(p.P50, "0.0")} / {F(p.P95, "0.0")} / {F(p.P99, "0.0")}";

    internal static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    internal static string P(double ratio) => double.IsFinite(ratio) ? (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "–";

    internal static string Ms(double ns) => F(ns / 1e6, ns >= 1e7 ? "0.0" : "0.00") + " ms";

    internal static string Us(double ns) => ns >= 1e6 ? Ms(ns) : ns >= 1e3 ? F(ns / 1e3, "0.0") + " µs" : F(ns, "0.0") + " ns";

    internal static string Mb(long bytes) => (bytes / (double)OneMiB).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    internal static string Size(long bytes) => bytes >= OneMiB ? F(bytes / (double)OneMiB, "0.#") + " MB" : F(bytes / 1024.0, "0") + " KB";

    internal static string Bytes(long? bytes) => bytes is not { } b ? "–" : b >= OneMiB ? F(b / (double)OneMiB, "0.0") + " MiB" : b >= 1024 ? F(b / 1024.0, "0.0") + " KiB" : b + " B";

    internal static string Escape(string? text) => (text ?? "").Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
