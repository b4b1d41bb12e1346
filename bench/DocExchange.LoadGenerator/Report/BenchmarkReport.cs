using System.Globalization;
using System.Text;
using System.Text.Json;
using DocExchange.LoadGenerator.Results;
using static DocExchange.LoadGenerator.Report.ReportFormat;

namespace DocExchange.LoadGenerator.Report;

/// <summary>
/// Writes docs/BENCHMARKS.md from the micro-benchmark and load results: the machine, the targets with the measured
/// figure, its ceiling, the ratio and met / not met with the reason, then a table per area.
/// </summary>
internal static class BenchmarkReport
{
    private const long FlatMemoryLimit = 256L * 1024 * 1024;

    /// <summary>The share of the commit ceiling that meets the throughput target on a machine slower than the one it was set on.</summary>
    internal const double CommitCeilingShare = 0.22;

    /// <param name="historyPath">The hand-kept record of what each optimisation bought, measured before and after; included when present.</param>
    /// <param name="profilePaths">Profiles of this commit's server taken in the same run (<c>profile --json</c>), one per engine; may be empty.</param>
    /// <param name="baseline">
    /// Load runs of an earlier commit's server, the runs of this commit's taken in alternation with them (empty: the run
    /// at <paramref name="loadPath"/> alone), and that commit, to show side by side; optional.
    /// </param>
    public static async Task<string> WriteAsync(
        string microPath, string loadPath, string commit, string historyPath, IReadOnlyList<string> profilePaths,
        (IReadOnlyList<string> LoadPaths, IReadOnlyList<string> CurrentPaths, string Commit, (string Baseline, string Current)? AppendMicro)? baseline, CancellationToken ct)
    {
        var (microQuick, microList, auditStorage) = await MicroResult.ReadAsync(microPath, ct);
        var micro = new MicroResults(microList);
        var load = await ReadLoadAsync(loadPath, ct);
        var baselineLoads = baseline is { } b ? await ReadLoadsAsync(b.LoadPaths, ct) : null;
        var currentLoads = baseline is { CurrentPaths.Count: > 0 } c ? await ReadLoadsAsync(c.CurrentPaths, ct) : [load];
        var appendMicro = baseline?.AppendMicro is { } paths
            ? (Baseline: new MicroResults((await MicroResult.ReadAsync(paths.Baseline, ct)).Results), Current: new MicroResults((await MicroResult.ReadAsync(paths.Current, ct)).Results))
            : ((MicroResults Baseline, MicroResults Current)?)null;
        var profiles = await CpuProfiles.ReadAsync(profilePaths, ct);
        var machine = MachineInfo.Read();
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');

        Line("# DocExchange benchmarks");
        Line();
        Line("Written by `make bench` (bench/DocExchange.Benchmarks and bench/DocExchange.LoadGenerator); rewritten on every run, do not edit by hand.");
        Line();
        var quick = microQuick || load.Quick;
        if (quick)
        {
            Line("> **Quick (smoke) run**: every benchmark ran once, with small sizes. These numbers show that the instruments work; they say nothing about speed.");
            Line();
        }
        Line($"- Date: {load.FinishedAt:yyyy-MM-dd HH:mm} UTC");
        Line($"- Commit: `{MachineInfo.GitCommit(commit)}`");
        Line($"- Machine: {machine.CpuModel}, {machine.Cores} cores, {F(machine.MemoryGiB, "0.0")} GiB memory; {machine.Kernel}; {machine.Runtime}");
        Line($"- Storage engines: {string.Join(" and ", load.Engines)}; servers in their own processes on loopback, real mutual TLS, every signature validated (revocation required), audit trail on; each deployment warmed up {(load.WarmUp > TimeSpan.Zero ? $"for {F(load.WarmUp.TotalSeconds, "0")} s at full concurrency" : "with one document per sender")} before its measured phases");
        Line($"- Load average (1/5/15 min) at the start of the load run: {load.LoadAverageBefore}; at its end: {load.LoadAverageAfter}. {SharedMachineNote(load.BusyCoresBefore, load.LoadAverageBefore, machine.Cores)}");
        Line();

        WriteTargets(Line, micro, load, profiles, baselineLoads is null ? null : (currentLoads, baselineLoads, baseline!.Value.Commit, appendMicro));
        WriteCeilings(Line, micro, load);
        WriteEndToEnd(Line, load);
        profiles.WriteSection(Line);
        if (baselineLoads is not null)
        {
            BaselineReport.Write(Line, currentLoads, baselineLoads, baseline!.Value.Commit, MachineInfo.GitCommit(commit));
        }
        WriteScaleOut(Line, load, machine, profiles);
        if (File.Exists(historyPath))
        {
            Line("## What each optimisation bought");
            Line();
            Line($"Kept by hand in `{historyPath.Replace('\\', '/')}` (its figures come from the runs it describes, not from this one).");
            Line();
            md.Append((await File.ReadAllTextAsync(historyPath, ct)).TrimEnd()).Append('\n');
            Line();
        }
        WriteMemory(Line, load);
        WriteMicro(Line, micro, auditStorage);
        WriteMethod(Line, load);
        return md.ToString();
    }

    private static async Task<IReadOnlyList<LoadResults>> ReadLoadsAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var loads = new List<LoadResults>();
        foreach (var path in paths)
        {
            loads.Add(await ReadLoadAsync(path, ct));
        }
        return loads;
    }

    private static async Task<LoadResults> ReadLoadAsync(string path, CancellationToken ct) =>
        JsonSerializer.Deserialize<LoadResults>(await File.ReadAllTextAsync(path, ct), LoadResults.JsonOptions)
            ?? throw new InvalidOperationException($"{path} holds no load results.");

    /// <summary>Whether other work had the machine when the load run started, from the cores busy just before it if measured.</summary>
    internal static string SharedMachineNote(double? busyCoresBefore, string loadAverageBefore, int cores)
    {
        if (busyCoresBefore is { } busy)
        {
            // The load average lags by minutes: after the runs just before this one it is high on an idle machine.
            return busy >= 0.25 * cores
                ? $"In the 5 s before the load run started, other work kept {F(busy, "0.00")} of the {cores} cores busy, so the figures here are lower than the same code would reach on an idle machine; each phase's *machine* column below says how busy the machine was during it."
                : $"In the 5 s before the load run started the machine was idle ({F(busy, "0.00")} of {cores} cores busy; a high load average there is the lag of the runs just before); each phase's *machine* column below says how busy the machine was during it.";
        }
        var before = double.TryParse(loadAverageBefore.Split(' ')[0], CultureInfo.InvariantCulture, out var value) ? value : 0;
        return before >= 0.5 * cores
            ? $"The {cores}-core machine was busy when the load run started (a load average of at least half its cores: other work on the machine, or the builds and micro-benchmarks just before), so every figure here is lower than the same code would reach on an idle machine."
            : "The machine was otherwise quiet.";
    }

    private static void WriteTargets(Action<string> line, MicroResults micro, LoadResults load, CpuProfiles profiles,
        (IReadOnlyList<LoadResults> Current, IReadOnlyList<LoadResults> Baseline, string Commit, (MicroResults Baseline, MicroResults Current)? AppendMicro)? comparison)
    {
        line("## Targets");
        line("");
        line("| target | measured | ceiling on this machine | ratio to ceiling | met? |");
        line("|---|---|---|---|---|");

        var small = load.Phases.Where(p => p.IsNative && p.DocumentBytes <= 200 * 1024 && p.Concurrency > 1).ToList();
        foreach (var best in small.GroupBy(p => p.Engine).Select(g => g.MaxBy(p => p.DocumentsPerSecond)!))
        {
            line(ThroughputTarget(best, load, profiles));
        }

        var at16 = load.Phases.Where(p => p.IsNative && p.DocumentBytes <= 200 * 1024 && p.Concurrency == 16 && p.Instances == 1 && p.ReceiptMs is not null).MinBy(p => p.ReceiptMs!.P99)
            ?? small.FirstOrDefault(p => p.ReceiptMs is not null);
        if (at16?.ReceiptMs is { } receipt && load.Unary is { } unary)
        {
            var met = receipt.P99 < 50;
            var alone = load.Phases.FirstOrDefault(p => p.IsNative && p.Engine == at16.Engine && p.Instances == at16.Instances && p.DocumentBytes == at16.DocumentBytes && p.Concurrency == 1);
            var why = met ? "met" : $"not met: with one sender the same send takes p50 {F(alone?.ReceiptMs?.P50 ?? double.NaN, "0.0")} ms; at {at16.Concurrency} senders {F(at16.DocumentsPerSecond, "0")} documents/s are in flight, and the added latency is queueing. {CpuVerdict(at16, profiles)}";
            line($"| p99 < 50 ms at 16 concurrent senders (100 KB) | p99 {F(receipt.P99, "0.0")} ms send → recipient's receipt at {at16.Concurrency} senders ({at16.Engine}; p50 {F(receipt.P50, "0.0")} ms) | empty RPC p99 {F(unary.SequentialMs.P99, "0.00")} ms | {F(receipt.P99 / unary.SequentialMs.P99, "0")}× the empty RPC | {why} |");
        }

        if (load.Unary is { } ours && load.BareUnary is { } bare)
        {
            line(PipelineTarget(ours, bare));
        }

        foreach (var (edxml, native) in EdXmlAgainstNative(load))
        {
            var ratio = edxml.DocumentsPerSecond / (native?.DocumentsPerSecond ?? double.NaN);
            var why = ratio >= 0.5 ? "met" : native is null ? "not measured: no native phase of the same size and senders" : $"not met: {EdXmlCost(edxml, native, profiles)}";
            line($"| edXML sends at ≥ ½ of native throughput (100 KB) | {F(edxml.DocumentsPerSecond, "0.0")} doc/s as edXML packages ({edxml.Engine}, {edxml.Concurrency} senders, SendPackageAsync, sent → fetched and acknowledged) | {F(native?.DocumentsPerSecond ?? double.NaN, "0.0")} doc/s native (the same PDFs, senders and server, just before) | {P(ratio)} of native | {why} |");
        }

        var sqliteAppend = micro.MeanNs("MerkleAppendBenchmarks", "AppendBatchOf1000", "Store=sqlite");
        var memoryAppend = micro.MeanNs("MerkleAppendBenchmarks", "AppendBatchOf1000", "Store=memory");
        if (sqliteAppend is { } s && memoryAppend is { } m)
        {
            var rate = 1e9 / s;
            line($"| ≥ 20,000 audit appends/s | {F(rate, "N0")} appends/s (SQLite Merkle log, batches of 1,000) | {F(1e9 / m, "N0")} appends/s (same log in memory: hashing only) | {P(m / s)} | {(rate >= 20_000 ? "met" : "not met: the store write dominates")} |");
        }

        var sha = micro.MeanNs("CryptoCeilingBenchmarks", "Sha256OneMebibyte");
        var rsaSign = micro.MeanNs("CryptoCeilingBenchmarks", "Rsa2048Sign");
        var rsaVerify = micro.MeanNs("CryptoCeilingBenchmarks", "Rsa2048Verify");
        var p256Verify = micro.MeanNs("CryptoCeilingBenchmarks", "EcdsaP256Verify");
        var sign = micro.MeanNs("PdfSignatureBenchmarks", "SignBB", $"Bytes={OneMiB}");
        var validate = micro.MeanNs("PdfSignatureBenchmarks", "Validate", $"Bytes={OneMiB}");
        if (sha is { } h && rsaSign is { } rs && sign is { } sg)
        {
            var ceiling = h + rs;
            var ratio = sg / ceiling;
            var why = ratio <= 2 ? "met" : "not met: " + CostShape(micro, "SignBB", h, rs, "the input is parsed, copied to the output and hashed");
            line($"| PAdES B-B signing of a 1 MB PDF within 2× of raw crypto + hashing | {Ms(sg)} | {Ms(ceiling)} (SHA-256 of 1 MiB + one RSA-2048 signature) | {F(ratio, "0.00")}× | {why} |");
        }
        if (sha is { } h2 && rsaVerify is { } rv && p256Verify is { } pv && validate is { } vd)
        {
            var ceiling = h2 + rv + 2 * pv;
            var ratio = vd / ceiling;
            var why = ratio <= 2 ? "met" : "not met: " + CostShape(micro, "Validate", h2, rv + 2 * pv, "the file is scanned for revisions, parsed and its byte ranges hashed; the chain is built and the CRL checked");
            line($"| validation of a 1 MB signed PDF within 2× of raw crypto + hashing | {Ms(vd)} | {Ms(ceiling)} (SHA-256 of 1 MiB + RSA-2048 verify + 2 × P-256 verify: certificate and CRL) | {F(ratio, "0.00")}× | {why} |");
        }
        if (load.Memory is { Error: null } memory)
        {
            var serverGrowth = Math.Max(0, memory.ServerPeakRss - memory.ServerRssBefore);
            var clientGrowth = Math.Max(0, memory.ClientPeakRss - memory.ClientRssBefore);
            var met = serverGrowth < FlatMemoryLimit && clientGrowth < FlatMemoryLimit;
            line($"| memory flat while a {Mb(memory.DocumentBytes)} document goes through (send + fetch) | server peak RSS +{Mb(serverGrowth)} over its {Mb(memory.ServerRssBefore)} before; client +{Mb(clientGrowth)} | growth below {Mb(FlatMemoryLimit)} | server growth = {P((double)serverGrowth / memory.DocumentBytes)} of the document | {(met ? "met" : "not met: a side buffers a large part of the document")} |");
        }
        else if (load.Memory is { } failed)
        {
            line($"| memory flat while a {Mb(failed.DocumentBytes)} document goes through | failed: {Escape(failed.Error)} | | | not met (the run failed) |");
        }
        if (load.PackageMemory is { Error: null } package)
        {
            var serverGrowth = Math.Max(0, package.ServerPeakRss - package.ServerRssBefore);
            var clientGrowth = Math.Max(0, package.ClientPeakRss - package.ClientRssBefore);
            var met = serverGrowth < FlatMemoryLimit && clientGrowth < FlatMemoryLimit;
            line($"| memory flat while an edXML package of {Mb(package.AttachmentBytes)} of attachments goes in and out (SendPackage + FetchPackage; attachments' SHA-256 checked) | server peak RSS +{Mb(serverGrowth)} over its {Mb(package.ServerRssBefore)} before; client +{Mb(clientGrowth)} | growth below {Mb(FlatMemoryLimit)} | server growth = {P((double)serverGrowth / package.AttachmentBytes)} of the attachments | {(met ? "met" : "not met: a side buffers a large part of the package")} |");
        }
        else if (load.PackageMemory is { } failedPackage)
        {
            line($"| memory flat while an edXML package of {Mb(failedPackage.AttachmentBytes)} of attachments goes in and out | failed: {Escape(failedPackage.Error)} | | | not met (the run failed) |");
        }
        if (comparison is { } c)
        {
            BaselineTargets.Write(line, c.Current, c.Baseline, c.Commit, profiles);
            if (c.AppendMicro is { } append)
            {
                BaselineTargets.WriteAuditAppendRow(line, append.Current, append.Baseline, c.Commit);
            }
        }
        line("");
    }

    /// <summary>
    /// Signed 100 KB documents per second end to end, at an engine's best phase: 1,000 on SQLite and 500 on PostgreSQL,
    /// or, since machines differ, at least <see cref="CommitCeilingShare"/> of the same run's commit ceiling (½ × durable
    /// commits/s: a document takes two durable commits, its send and its acknowledgement).
    /// </summary>
    internal static string ThroughputTarget(PhaseResult best, LoadResults load, CpuProfiles profiles)
    {
        var target = best.Engine == "postgresql" ? 500 : 1000;
        var commits = load.CommitOf(best.Engine)?.CommitsPerSecond ?? double.NaN;
        var docCeiling = commits / 2;
        var share = best.DocumentsPerSecond / docCeiling;
        var why = best.DocumentsPerSecond >= target ? "met"
            : share >= CommitCeilingShare ? $"met: {P(share)} of this machine's commit ceiling"
            : $"not met: {P(share)} of the commit ceiling. {CpuVerdict(best, profiles)}";
        return $"| ≥ {target:N0} signed 100 KB documents/s end to end on {best.Engine} (validation and audit on), or ≥ {P(CommitCeilingShare)} of the commit ceiling | {F(best.DocumentsPerSecond, "0.0")} doc/s ({Instances(best.Instances)}, {best.Concurrency} senders, sent → fetched and acknowledged) | {F(docCeiling, "0")} doc/s (½ × {F(commits, "0")} durable commits/s); empty RPC {F(load.Unary?.ConcurrentCallsPerSecond ?? double.NaN, "0")} calls/s | {P(share)} | {why} |";
    }

    /// <summary>
    /// The empty call through the server against the same call to the bare transport, with calls in flight; where the
    /// server is more than 1.5× slower, the CPU per call of both says how much the per-call pipeline itself costs.
    /// </summary>
    private static string PipelineTarget(UnaryCeiling ours, UnaryCeiling bare)
    {
        var ratio = bare.ConcurrentCallsPerSecond / ours.ConcurrentCallsPerSecond;
        var oursCpu = ours.ServerCpuMsPerCall ?? double.NaN;
        var bareCpu = bare.ServerCpuMsPerCall ?? double.NaN;
        var why = ratio <= 1.5 ? "met"
            : $"not met: the server spends {F(oursCpu, "0.000")} ms of CPU per empty call, the bare transport {F(bareCpu, "0.000")} ms ({F(oursCpu / bareCpu, "0.0")}× = ours ÷ bare); the difference, {F(oursCpu - bareCpu, "0.000")} ms per call, is the pipeline's own work (per-call logging, identity, limits, authorisation, the readiness check)";
        return $"| empty unary call through the full per-call pipeline within 1.5× of the bare transport's rate ({ours.Concurrency} in flight) | {F(ours.ConcurrentCallsPerSecond, "N0")} calls/s (Health/Check through the server) | {F(bare.ConcurrentCallsPerSecond, "N0")} calls/s (the same call to the bare transport) | {F(ratio, "0.00")}× (bare ÷ ours) | {why} |";
    }

    /// <summary>Each edXML phase with the native phase of the same engine, size and senders on the same server (null if none ran).</summary>
    private static IEnumerable<(PhaseResult EdXml, PhaseResult? Native)> EdXmlAgainstNative(LoadResults load) =>
        load.Phases.Where(p => !p.IsNative && p.Instances == 1).Select(e => (e, load.Phases.FirstOrDefault(p =>
            p.IsNative && p.Engine == e.Engine && p.Instances == 1 && p.DocumentBytes == e.DocumentBytes && p.Concurrency == e.Concurrency)));

    /// <summary>Where an edXML document costs more than a native one, from the server's measured CPU per document.</summary>
    private static string EdXmlCost(PhaseResult edxml, PhaseResult native, CpuProfiles profiles)
    {
        var edxmlCpu = BaselineReport.CpuMsPerDocument(edxml, c => c.ServerCores);
        var nativeCpu = BaselineReport.CpuMsPerDocument(native, c => c.ServerCores);
        return $"the server spends {F(edxmlCpu, "0.00")} ms of CPU per edXML document against {F(nativeCpu, "0.00")} ms per native one (parsing the package's XML, decoding its base64 into a spool file, reading the PDF back from it). {CpuVerdict(edxml, profiles)}";
    }

    /// <summary>
    /// Splits a PDF operation's time into a per-byte and a fixed part from its 1 MB and 20 MB results, against SHA-256's
    /// per-byte cost and the key operation, so the "why" is measured rather than guessed.
    /// </summary>
    private static string CostShape(MicroResults micro, string method, double shaPerMiB, double keyOperationNs, string passes)
    {
        var one = micro.MeanNs("PdfSignatureBenchmarks", method, $"Bytes={OneMiB}");
        var twenty = micro.MeanNs("PdfSignatureBenchmarks", method, $"Bytes={20 * OneMiB}");
        if (one is not { } t1 || twenty is not { } t20)
        {
            return $"{passes} around the one key operation";
        }
        var perByte = (t20 - t1) / (19.0 * OneMiB);
        var fixedNs = t1 - perByte * OneMiB - keyOperationNs;
        return $"it costs {F(perByte, "0.0")} ns per byte (SHA-256 alone: {F(shaPerMiB / OneMiB, "0.0")} ns/byte) plus about {Ms(Math.Max(0, fixedNs))} of fixed work besides the key operation: {passes}";
    }

    private static void WriteCeilings(Action<string> line, MicroResults micro, LoadResults load)
    {
        line("## Ceilings (measured in the same run)");
        line("");
        line("| ceiling | figure |");
        line("|---|---|");
        foreach (var commit in load.Commits)
        {
            line($"| durable commits, {commit.Engine} ({commit.Durability}) | {F(commit.CommitsPerSecond, "N0")} commits/s |");
        }
        if (load.Unary is { } unary)
        {
            UnaryRows(line, "empty unary RPC (grpc.health.v1.Health/Check) over mutual TLS through the server's full per-call pipeline", unary);
        }
        if (load.BareUnary is { } bare)
        {
            UnaryRows(line, "the same call to the bare transport (Kestrel, HTTP/2, mutual TLS, grpc-dotnet's health service; nothing of DocExchange's)", bare);
        }
        foreach (var (method, label) in new[]
        {
            ("Rsa2048Sign", "RSA-2048 sign (PKCS#1 v1.5, SHA-256)"), ("Rsa2048Verify", "RSA-2048 verify"),
            ("Rsa3072Sign", "RSA-3072 sign"), ("Rsa3072Verify", "RSA-3072 verify"),
            ("EcdsaP256Sign", "ECDSA P-256 sign"), ("EcdsaP256Verify", "ECDSA P-256 verify"),
        })
        {
            if (micro.MeanNs("CryptoCeilingBenchmarks", method) is { } ns)
            {
                line($"| {label} | {F(1e9 / ns, "N0")} /s ({Us(ns)} each) |");
            }
        }
        if (micro.MeanNs("CryptoCeilingBenchmarks", "Sha256OneMebibyte") is { } sha)
        {
            line($"| SHA-256 | {F(OneMiB / (sha / 1e9) / 1e6, "N0")} MB/s ({Us(sha)} per MiB) |");
        }
        line("");
    }

    private static void UnaryRows(Action<string> line, string what, UnaryCeiling unary)
    {
        line($"| {what}, one at a time | {F(unary.SequentialCallsPerSecond, "N0")} calls/s; p50 {F(unary.SequentialMs.P50, "0.00")} ms, p95 {F(unary.SequentialMs.P95, "0.00")} ms, p99 {F(unary.SequentialMs.P99, "0.00")} ms |");
        var cpu = unary.ServerCpuMsPerCall is { } ms ? $"; server CPU {F(ms, "0.000")} ms per call" : "";
        line($"| the same with {unary.Concurrency} calls in flight on one connection | {F(unary.ConcurrentCallsPerSecond, "N0")} calls/s{cpu} |");
    }

    private static void WriteEndToEnd(Action<string> line, LoadResults load)
    {
        line("## End to end (load generator)");
        line("");
        line($"{load.SenderAgencies} sender agencies and {load.RecipientAgencies} recipient agencies, each with its own client certificate and connection. Senders send signed PDFs round-robin to the recipients as fast as each send is answered; each recipient keeps its inbox subscription open asking for the content of documents up to 256 KiB with the push (SubscribeInboxRequest.include_content_max_bytes), checks the SHA-256 of every part pushed with a delivery, fetches (checking the SHA-256) a document that came without its content, and acknowledges (01) every delivery, {load.FetchWorkersPerRecipient} deliveries in progress in parallel. A server that predates the push of content ignores the request: its recipients fetch every document. Latencies are from the start of the send: *send* until the sender's answer (content, inbox entries and audit event committed), *receipt* until the delivery is pushed to the recipient, *done* until the recipient has the checked content (pushed or fetched) and has acknowledged it. Throughput counts documents received with their content checked, and acknowledged.");
        line("");
        line("*Cores* is the CPU each side used during the phase (from /proc): the server process, the database server's processes (PostgreSQL only; SQLite runs inside the server) and the load generator, whose TLS, uploads, fetches and hashing share the same machine; *machine* is the whole machine's busy time, anything else running included.");
        line("");
        line("| engine | document | senders | delivered | doc/s | MB/s | send p50 / p95 / p99 ms | receipt p50 / p95 / p99 ms | done p50 / p95 / p99 ms | ratio to commit ceiling (½ × commits/s) | cores: server / database / load generator | errors |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in load.Phases.Where(p => p.IsNative && p.Instances == 1))
        {
            var docCeiling = (load.CommitOf(p.Engine)?.CommitsPerSecond ?? double.NaN) / 2;
            line($"| {p.Engine} | {Size(p.DocumentBytes)} | {p.Concurrency} | {p.Completed} in {F(p.Seconds, "0.0")} s | {F(p.DocumentsPerSecond, "0.0")} | {F(p.MegabytesPerSecond, "0.0")} | {Pct(p.SendMs)} | {Pct(p.ReceiptMs)} | {Pct(p.FetchedAndAcknowledgedMs)} | {P(p.DocumentsPerSecond / docCeiling)} | {Cores(p.Cpu)} | {p.Errors}{(p.FirstError is null ? "" : ": " + Escape(p.FirstError))} |");
        }
        line("");
        line($"Audit events in the Merkle log at the end of the first engine's load run: {load.AuditTreeSize:N0}.");
        line("");
        WriteEdXml(line, load);
    }

    /// <summary>The edXML phases next to the native phase of the same size and senders that ran just before them.</summary>
    private static void WriteEdXml(Action<string> line, LoadResults load)
    {
        var pairs = EdXmlAgainstNative(load).ToList();
        if (pairs.Count == 0)
        {
            return;
        }
        line("### edXML packages (QCVN 102:2016) against native sends");
        line("");
        line("Right after the native phases of the smallest size, on the same server, signed PDFs of the same size go out as edXML packages: each sender sends through the client library (`SendPackageAsync`, its own connection), the server reads the package (envelope, base64 decoded into a spool file) and routes, validates, stores and audits it as a native send. Each send's package is written by the library's edXML writer around a PDF of its own before the send is timed (unsigned envelope, base64 in 76-character lines), as the native phases prepare their PDF. The recipient agents are the same and fetch natively (`Exchange.Fetch`); each sender sent one unmeasured package first. Target: edXML at no less than half the native throughput.");
        line("");
        line("| engine | document (package) | senders | native doc/s | edXML doc/s | edXML ÷ native | server CPU per document: native → edXML | send p50 / p99 ms: native → edXML | done p50 / p99 ms: native → edXML | errors |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (e, n) in pairs)
        {
            var cpu = $"{F(n is null ? double.NaN : BaselineReport.CpuMsPerDocument(n, c => c.ServerCores), "0.00")} → {F(BaselineReport.CpuMsPerDocument(e, c => c.ServerCores), "0.00")} ms";
            line($"| {e.Engine} | {Size(e.DocumentBytes)} ({(e.WireBytes is { } wire ? Size(wire) : "–")}) | {e.Concurrency} | {F(n?.DocumentsPerSecond ?? double.NaN, "0.0")} | {F(e.DocumentsPerSecond, "0.0")} | {P(e.DocumentsPerSecond / (n?.DocumentsPerSecond ?? double.NaN))} | {cpu} | {P50P99(n?.SendMs)} → {P50P99(e.SendMs)} | {P50P99(n?.FetchedAndAcknowledgedMs)} → {P50P99(e.FetchedAndAcknowledgedMs)} | {e.Errors}{(e.FirstError is null ? "" : ": " + Escape(e.FirstError))} |");
        }
        line("");
    }

    /// <summary>The scale-out phases next to the single instance at the same size and concurrency, with where the CPU went.</summary>
    private static void WriteScaleOut(Action<string> line, LoadResults load, MachineInfo machine, CpuProfiles profiles)
    {
        var scaled = load.Phases.Where(p => p.Instances > 1).ToList();
        if (scaled.Count == 0)
        {
            return;
        }
        line("## Scale-out (several server instances sharing one PostgreSQL)");
        line("");
        var counts = scaled.Select(p => p.Instances).Prepend(1).Distinct().Order().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var instances = counts.Count == 1 ? counts[0] : $"{string.Join(", ", counts.SkipLast(1))} and {counts[^1]}";
        line($"The same load generator against {instances} server processes on one fresh PostgreSQL database each, on this one {machine.Cores}-core machine: agency *i* talks to instance *i* mod *n*, so deliveries and statuses cross instances through the database (LISTEN/NOTIFY), and the audit trail keeps one total order.");
        line("");
        line("| instances | document | senders | doc/s | × one instance | receipt p50 / p95 / p99 ms | cores: servers / database / load generator | where the time goes | errors |");
        line("|---|---|---|---|---|---|---|---|---|");
        var first = scaled[0];
        var one = load.Phases.FirstOrDefault(p => p.IsNative && p.Engine == first.Engine && p.Instances == 1 && p.DocumentBytes == first.DocumentBytes && p.Concurrency == first.Concurrency);
        foreach (var p in (one is null ? scaled : [one, .. scaled]))
        {
            var ratio = one is null ? double.NaN : p.DocumentsPerSecond / one.DocumentsPerSecond;
            line($"| {p.Instances} | {Size(p.DocumentBytes)} | {p.Concurrency} | {F(p.DocumentsPerSecond, "0.0")} | {F(ratio, "0.00")}× | {Pct(p.ReceiptMs)} | {Cores(p.Cpu)} | {Escape(CpuVerdict(p, profiles))} | {p.Errors}{(p.FirstError is null ? "" : ": " + Escape(p.FirstError))} |");
        }
        line("");
        WriteCommitLock(line, load);
        line("What these figures predict for 1 to 16 instances on separate machines, and which resource runs out first: [docs/SCALING.md](SCALING.md).");
        line("");
    }

    /// <summary>The commit-order lock as sampled in the PostgreSQL phases (run with --sample-commit-lock).</summary>
    private static void WriteCommitLock(Action<string> line, LoadResults load)
    {
        var sampled = load.Phases.Where(p => p.CommitLock is not null).ToList();
        if (sampled.Count == 0)
        {
            return;
        }
        line("PostgreSQL's commit-order lock, sampled every 5 ms from pg_locks and pg_stat_activity during each phase (hold time = share of samples held × phase seconds ÷ acquisitions; every write transaction acquires it once and appends one audit event):");
        line("");
        line("| instances | document | senders | lock held | waiting (mean) | acquisitions per document | hold per acquisition | of the hold: client / WAL flush / executing |");
        line("|---|---|---|---|---|---|---|---|");
        foreach (var p in sampled)
        {
            var l = p.CommitLock!;
            line($"| {p.Instances} | {Size(p.DocumentBytes)}{(p.IsNative ? "" : " as edXML")} | {p.Concurrency} | {P(l.HeldShare)} | {F(l.MeanWaiting, "0.00")} | {F(l.Acquisitions / (double)Math.Max(1, p.Completed), "0.00")} | {F(l.HoldMs, "0.00")} ms | {P(l.ClientShareOfHold)} / {P(l.FlushShareOfHold)} / {P(l.ExecutingShareOfHold)} |");
        }
        line("");
    }

    /// <summary>Says from the measured CPU split whether a phase was bound by this machine's cores, and who used them.</summary>
    private static string CpuVerdict(PhaseResult phase, CpuProfiles profiles)
    {
        if (phase.Cpu is not { } cpu)
        {
            return "";
        }
        var ours = cpu.ServerCores + cpu.DatabaseCores + cpu.LoadGeneratorCores;
        var cores = Environment.ProcessorCount;
        var split = $"servers {F(cpu.ServerCores, "0.00")}, database {F(cpu.DatabaseCores, "0.00")}, load generator {F(cpu.LoadGeneratorCores, "0.00")} of {cores} cores";
        if (cpu.MachineCores < 0.6 * cores)
        {
            return $"Not CPU-bound ({split}; the machine {F(cpu.MachineCores, "0.00")} busy): the rest is waiting, on durable commits and for the one writer.";
        }
        if (cpu.MachineCores < 0.85 * cores)
        {
            // A server whose cores are this busy queues work for them even when they are not all busy all the time.
            return $"Nearly CPU-bound: the machine was {P(cpu.MachineCores / cores)} busy ({split}), so each step of a document waits its turn for a core as well as for durable commits and the one writer; the server's CPU per document is what shortens that wait: {profiles.WhereItGoes(phase)}.";
        }
        return ours >= 0.85 * cores
            ? $"CPU-bound: the {cores} cores are busy ({split}), so on this machine more instances or senders cannot add throughput; the server's CPU per document is what to cut: {profiles.WhereItGoes(phase)}."
            : $"The machine's cores were busy, {F(cpu.MachineCores - ours, "0.00")} of them with other work ({split}): this phase is lower than a quiet machine would give.";
    }

    private static string Cores(CpuUse? cpu) => cpu is null ? "–" : $"{F(cpu.ServerCores, "0.00")} / {F(cpu.DatabaseCores, "0.00")} / {F(cpu.LoadGeneratorCores, "0.00")} (machine {F(cpu.MachineCores, "0.00")})";

    private static string Instances(int n) => n == 1 ? "1 instance" : $"{n} instances";

    private static void WriteMemory(Action<string> line, LoadResults load)
    {
        line("## Memory with one large document");
        line("");
        if (load.Memory is not { } memory)
        {
            line("Not run (--skip-memory).");
            line("");
            return;
        }
        if (memory.Error is not null)
        {
            line($"The run failed: {Escape(memory.Error)}");
            line("");
            return;
        }
        line("A fresh server process; one signed PDF sent through the client library (DocExchange.Client, streamed from a file in 64 KiB chunks) and fetched back through it (size and SHA-256 checked, bytes discarded). Peaks are VmHWM from /proc, reset just before the send (the server's is also sampled every 50 ms).");
        line("");
        line("| document | side | RSS before | peak RSS | growth | time | throughput |");
        line("|---|---|---|---|---|---|---|");
        line($"| {Mb(memory.DocumentBytes)} | server | {Mb(memory.ServerRssBefore)} | {Mb(memory.ServerPeakRss)} | {Mb(memory.ServerPeakRss - memory.ServerRssBefore)} | send {F(memory.SendSeconds, "0.0")} s, fetch {F(memory.FetchSeconds, "0.0")} s | {F(memory.DocumentBytes / memory.SendSeconds / 1e6, "0")} MB/s up, {F(memory.DocumentBytes / memory.FetchSeconds / 1e6, "0")} MB/s down |");
        line($"| {Mb(memory.DocumentBytes)} | client | {Mb(memory.ClientRssBefore)} | {Mb(memory.ClientPeakRss)} | {Mb(memory.ClientPeakRss - memory.ClientRssBefore)} | | |");
        line("");
        WritePackageMemory(line, load.PackageMemory);
    }

    private static string P50P99(Percentiles? p) => p is null ? "–" : $"{F(p.P50, "0.0")} / {F(p.P99, "0.0")}";

    private static void WritePackageMemory(Action<string> line, PackageMemoryResult? package)
    {
        if (package is null)
        {
            return;
        }
        line("### One large edXML package");
        line("");
        if (package.Error is not null)
        {
            line($"The run failed: {Escape(package.Error)}");
            line("");
            return;
        }
        line($"Another fresh server process; one edXML package of {package.Attachments} attachments (a signed PDF and {package.Attachments - 1} files of pseudo-random bytes, each {Mb(package.AttachmentBytes / package.Attachments)}; {Size(package.PackageBytes)} as XML with base64), written to a file by the library's edXML writer, sent with `SendPackageAsync` from that file (the library first hashes it for its message id), and fetched back with `FetchPackageAsync` into a file; the fetched package's attachments were then decoded and their SHA-256 matched the sent ones. Peaks as above.");
        line("");
        line("| package | side | RSS before | peak RSS | growth | time | throughput |");
        line("|---|---|---|---|---|---|---|");
        line($"| {Mb(package.AttachmentBytes)} of attachments | server | {Mb(package.ServerRssBefore)} | {Mb(package.ServerPeakRss)} | {Mb(Math.Max(0, package.ServerPeakRss - package.ServerRssBefore))} | send {F(package.SendSeconds, "0.0")} s, fetch {F(package.FetchSeconds, "0.0")} s | {F(package.PackageBytes / package.SendSeconds / 1e6, "0")} MB/s up, {F(package.PackageBytes / package.FetchSeconds / 1e6, "0")} MB/s down (package bytes) |");
        line($"| {Mb(package.AttachmentBytes)} of attachments | client | {Mb(package.ClientRssBefore)} | {Mb(package.ClientPeakRss)} | {Mb(Math.Max(0, package.ClientPeakRss - package.ClientRssBefore))} | | |");
        line("");
    }

    private static void WriteMicro(Action<string> line, MicroResults micro, IReadOnlyList<AuditStorageFigure> auditStorage)
    {
        line("## Micro-benchmarks (BenchmarkDotNet, in process, MemoryDiagnoser)");
        line("");
        line("### Agency codes");
        line("");
        line("| operation | time | allocated |");
        line("|---|---|---|");
        foreach (var r in micro.OfType("AgencyCodeBenchmarks"))
        {
            line($"| {r.Method} | {Us(r.MeanNs)} | {Bytes(r.AllocatedBytesPerOperation)} |");
        }
        line("");
        AuditReport.Write(line, micro, auditStorage);
        line("### PAdES signing (B-B, RSA-2048) and validation");
        line("");
        line("| PDF | sign | sign MB/s | sign ÷ (SHA-256 + RSA sign) | validate | validate MB/s | validate ÷ (SHA-256 + RSA verify + 2 P-256 verify) | allocated sign / validate |");
        line("|---|---|---|---|---|---|---|---|");
        var sha = micro.MeanNs("CryptoCeilingBenchmarks", "Sha256OneMebibyte") ?? double.NaN;
        var rsaSign = micro.MeanNs("CryptoCeilingBenchmarks", "Rsa2048Sign") ?? double.NaN;
        var rsaVerify = micro.MeanNs("CryptoCeilingBenchmarks", "Rsa2048Verify") ?? double.NaN;
        var p256Verify = micro.MeanNs("CryptoCeilingBenchmarks", "EcdsaP256Verify") ?? double.NaN;
        foreach (var sign in micro.OfType("PdfSignatureBenchmarks").Where(r => r.Method == "SignBB"))
        {
            var bytes = long.Parse(sign.Parameters.Replace("Bytes=", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var validate = micro.Find("PdfSignatureBenchmarks", "Validate", sign.Parameters);
            var hash = sha * bytes / OneMiB;
            line($"| {Size(bytes)} | {Ms(sign.MeanNs)} | {F(bytes / sign.MeanNs * 1e3, "0")} | {F(sign.MeanNs / (hash + rsaSign), "0.00")}× | {(validate is null ? "–" : Ms(validate.MeanNs))} | {(validate is null ? "–" : F(bytes / validate.MeanNs * 1e3, "0"))} | {(validate is null ? "–" : F(validate.MeanNs / (hash + rsaVerify + 2 * p256Verify), "0.00") + "×")} | {Bytes(sign.AllocatedBytesPerOperation)} / {Bytes(validate?.AllocatedBytesPerOperation)} |");
        }
        line("");
    }

    private static void WriteMethod(Action<string> line, LoadResults load)
    {
        line("## How it was measured");
        line("");
        line("- `make bench` builds the server and both bench projects (Release), runs `DocExchange.Benchmarks` (BenchmarkDotNet 0.14, in-process toolchain, 2 warm-up and 6 measured iterations of ≥ 400 ms each) and `DocExchange.LoadGenerator run`, then `DocExchange.LoadGenerator report` writes this file. `make bench ARGS=--quick` is the one-minute smoke version.");
        line("- The load generator makes a throwaway PKI with the signing library's builder (a P-256 root; the TLS server certificate; one client certificate per agency, bound by SAN URI; an RSA-2048 personal signer; an empty CRL), starts `DocExchange.Server.dll` in its own process with a fresh data folder, registers the agencies as the operator and signs the test PDFs (one-page PDFs whose bulk is an uncompressed random image). Every send carries a PDF of its own, as real documents are: the PDF is prepared for signing once per size, and before each send (outside its timing) the load generator writes a counter into the image's pixels, hashes the signed byte ranges and signs again. The server keeps one blob file per content, so repeating the same bytes would find the blob stored already and skip the rename and directory fsync that a new document costs.");
        line("- PostgreSQL runs from the machine's binaries in a throwaway cluster on loopback (the one the tests use) with its durability defaults (fsync, synchronous_commit and full_page_writes on) and shared_buffers=256MB; each deployment gets a new database, and its instances share it, the blob folder and the audit key.");
        line("- The server runs its shipped configuration: SQLite in WAL mode with synchronous=FULL (or PostgreSQL as above), blobs fsync'ed before the commit, every signature validated with revocation required, the audit trail on (events committed with each change, integrated into the Merkle log in the background), per-call logging to console and file.");
        if (load.Phases.Any(p => !p.IsNative))
        {
            line("- edXML: the phase sends distinct signed PDFs as edXML packages, each written before its send by the library's edXML writer, unsigned (an envelope signature would add one XML-DSig verification per package), through `DocExchange.Client`'s `SendPackageAsync` with a message id per send; the server runs its default edXML dialect (attachments not zipped).");
        }
        if (load.BareUnary is not null)
        {
            line("- The empty call (grpc.health.v1.Health/Check) is measured after the first deployment's warm-up, through the server and through the *bare transport*: `bench/DocExchange.BareServer`, a gRPC server on the same stack (the same web SDK and runtime settings, Kestrel, HTTP/2, mutual TLS with the same server certificate and client CA, Grpc.AspNetCore and its standard health service over one check that is always healthy) with nothing of DocExchange's: no interceptors (logging, identity, limits, authorisation), no request logging, no limits beyond Kestrel's defaults, no storage. It runs in a process of its own, like the server, so its CPU per call is read from /proc the same way. The same client code calls both, each over one mutual-TLS connection with the same settings and an agency's certificate. Each is first warmed up with 16 calls in flight, then both are measured in alternation, each step lasting as long: one call at a time on the bare transport then on the server, then 16 in flight on the server then on the bare transport. The ratio of the two rates is the per-call pipeline's cost; the server's CPU per call against the bare transport's says where it goes.");
        }
        line("- Ratios: *ratio to ceiling* divides the measured figure by what the named ceiling alone would allow, so 100% means the product adds nothing on top of it.");
        foreach (var note in load.Notes)
        {
            line($"- {note}");
        }
        line("");
    }
}
