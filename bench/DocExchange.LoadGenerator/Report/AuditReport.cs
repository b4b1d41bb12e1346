using System.Globalization;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Report;

/// <summary>The audit log part of the micro-benchmark section: appends, proofs at 1M and 10M leaves, and storage bytes per event.</summary>
internal static class AuditReport
{
    private const long TenMillion = 10_000_000;

    public static void Write(Action<string> line, MicroResults micro, IReadOnlyList<AuditStorageFigure> storage)
    {
        line("### Audit log (RFC 9162 Merkle tree)");
        line("");
        line("| operation | store | time per operation | rate | allocated per operation |");
        line("|---|---|---|---|---|");
        foreach (var r in micro.OfType("MerkleAppendBenchmarks"))
        {
            line($"| append (batches of 1,000, per leaf) | {r.Parameters.Replace("Store=", "", StringComparison.Ordinal)} | {Us(r.MeanNs)} | {F(1e9 / r.MeanNs, "N0")} /s | {Bytes(r.AllocatedBytesPerOperation)} |");
        }
        var largest = 0L;
        foreach (var r in micro.OfType("MerkleProofBenchmarks"))
        {
            var tree = r.Parameters.Replace("Tree=", "", StringComparison.Ordinal).Split('/');
            var leaves = tree.Length == 2 && long.TryParse(tree[1], CultureInfo.InvariantCulture, out var n) ? n : 0;
            largest = Math.Max(largest, leaves);
            var operation = r.Method switch
            {
                "InclusionProof" => "inclusion proof",
                "ConsistencyProof" => "consistency proof",
                "VerifyInclusionOffline" => "verify an inclusion proof offline",
                _ => r.Method,
            };
            line($"| {operation}, {(leaves > 0 ? $"{leaves:N0} leaves" : r.Parameters)} | {tree[0]} | {Us(r.MeanNs)} | {F(1e9 / r.MeanNs, "N0")} /s | {Bytes(r.AllocatedBytesPerOperation)} |");
        }
        if (largest < TenMillion)
        {
            line($"| inclusion and consistency proofs, {TenMillion:N0} leaves | memory, sqlite | not measured in this run: the 10M-leaf trees are part of the full `make bench` only (a `--quick` smoke run uses 65,536-leaf trees) | | |");
        }
        line("");
        if (largest >= TenMillion)
        {
            line("The 1M-leaf trees grow through the log's batched appends. The 10M-leaf tree is hashed once in bulk (random leaf hashes, then each level of complete subtrees) and loaded into each store in one write (SQLite without a journal: the file is thrown away); its root, read back through the store, is checked against the audit library's own builder. The proofs read the nodes through the same store code either way.");
            line("");
        }
        WriteStorage(line, storage);
    }

    private static void WriteStorage(Action<string> line, IReadOnlyList<AuditStorageFigure> storage)
    {
        line("### Audit storage per event");
        line("");
        if (storage.Count == 0)
        {
            line("Not measured in this run (the micro-benchmarks ran with a --filter that excludes AuditStorage).");
            line("");
            return;
        }
        line("Measured on the real stores, not estimated: after a warm-up, N events are recorded one transaction each through the engine's audit event store (as the server commits them), integrated into the Merkle log and covered by a signed checkpoint; the storage's growth divided by N. The events follow a document's life: one `document.sent` (a recipient, the SHA-256 of the PDF and of the validation report, the validation outcome), then `status.posted` 01, 03, 05 and 06. The growth counts the event rows with their canonical leaf bytes, the query indexes, the per-agency rows, the Merkle nodes (about two per event) and the checkpoint.");
        line("");
        line("| engine | events | storage added | bytes per event | what was measured |");
        line("|---|---|---|---|---|");
        foreach (var figure in storage)
        {
            line(figure.Error is null
                ? $"| {figure.Engine} | {figure.Events:N0} | {Bytes(figure.Bytes)} | {F(figure.BytesPerEvent ?? double.NaN, "N0")} B | {Escape(figure.Measure)} |"
                : $"| {figure.Engine} | – | – | not measured: {Escape(figure.Error)} | {Escape(figure.Measure)} |");
        }
        line("");
    }
}
