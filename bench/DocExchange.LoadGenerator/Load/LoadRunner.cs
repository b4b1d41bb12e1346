using System.Diagnostics;
using DocExchange.LoadGenerator.Engines;
using DocExchange.LoadGenerator.Hosting;
using System.Globalization;
using DocExchange.LoadGenerator.Results;
using Grpc.Core;

namespace DocExchange.LoadGenerator.Load;

/// <summary>
/// Runs load phases against one server: the senders (each an agency with its own mutual-TLS connection) send signed
/// PDFs round-robin to the recipients as fast as they are answered; a phase stops starting sends after its duration
/// or document budget, then waits until every sent document has been fetched and acknowledged.
/// </summary>
internal sealed class LoadRunner(
    string engine,
    int instances,
    IReadOnlyList<(string Code, CallInvoker Client)> senders,
    IReadOnlyList<string> recipients,
    DocumentTracker tracker,
    Func<CpuSnapshot> cpu,
    Func<CancellationToken, Task<CommitLockProbe?>> startCommitLockProbe,
    TextWriter progress)
{
    /// <summary>Every code number has this length (<c>phase-sender-count</c>, zero-padded), so a prepared edXML package can take it in place.</summary>
    public const int CodeNumberLength = 17;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);
    private int _phaseNumber;

    public Task<PhaseResult> RunAsync(DistinctSignedPdfs pdfs, int concurrency, TimeSpan duration, int maxDocuments, CancellationToken ct) =>
        RunAsync(new NativeDocument(pdfs, senders), concurrency, duration, maxDocuments, ct);

    public async Task<PhaseResult> RunAsync(ILoadDocument document, int concurrency, TimeSpan duration, int maxDocuments, CancellationToken ct)
    {
        if (concurrency > senders.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency, $"Only {senders.Count} sender agencies are registered.");
        }
        var phase = Interlocked.Increment(ref _phaseNumber);
        var stats = new PhaseStats();
        var issued = 0;
        await using var lockProbe = await startCommitLockProbe(ct);
        var cpuAtStart = cpu();
        var samplerCpuAtStart = lockProbe?.SamplerDatabaseCpuSeconds() ?? 0;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            // Every sender sends at least once; then until the duration or the document budget is spent.
            for (var k = 0; (k == 0 || Stopwatch.GetElapsedTime(start) < duration) && Interlocked.Increment(ref issued) <= maxDocuments && stats.SendErrors < 20; k++)
            {
                var number = string.Create(CultureInfo.InvariantCulture, $"{phase:D3}-{i:D4}-{k:D8}");
                var recipient = recipients[(i + k) % recipients.Count];
                await document.PrepareAsync(i, recipient, ct);
                var sendStart = Stopwatch.GetTimestamp();
                tracker.Started(number, stats, sendStart);
                try
                {
                    await document.SendAsync(i, recipient, number, ct);
                    stats.SendSucceeded(sendStart);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    tracker.Forget(number);
                    stats.SendFailed(e);
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);

        var drainStart = Stopwatch.GetTimestamp();
        while (!stats.Drained && Stopwatch.GetElapsedTime(drainStart) < DrainTimeout)
        {
            await Task.Delay(10, ct);
        }
        var cpuUse = cpuAtStart.Since();
        if (lockProbe is not null)
        {
            // The sampler's backend is a postgres process too: its CPU is the measurement's, not the documents'.
            var samplerCores = (lockProbe.SamplerDatabaseCpuSeconds() - samplerCpuAtStart) / Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpuUse = cpuUse with { DatabaseCores = Math.Max(0, cpuUse.DatabaseCores - samplerCores) };
        }
        var commitLock = lockProbe is null ? null : await lockProbe.StopAsync(ct);
        var end = stats.Completed > 0 ? stats.LastCompletion : Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds;
        var lost = stats.Sent - stats.Completed;
        var result = new PhaseResult(
            engine,
            instances,
            document.DocumentBytes,
            concurrency,
            seconds,
            stats.Sent,
            stats.Completed,
            stats.Errors + (stats.Drained ? 0 : lost),
            stats.FirstError ?? (stats.Drained ? null : $"{lost} sent documents were not fetched and acknowledged within {DrainTimeout.TotalSeconds:0} s"),
            stats.Completed / seconds,
            stats.Completed * (double)document.DocumentBytes / seconds / 1e6,
            stats.Send.Summarize(),
            stats.Receipt.Summarize(),
            stats.Done.Summarize(),
            cpuUse,
            commitLock,
            document.Format,
            document.WireBytes);
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  {document.Format,-6} {document.DocumentBytes / 1024,6} KiB x {concurrency,2} senders: {result.Completed,6} documents in {seconds,5:0.0} s = {result.DocumentsPerSecond,7:0.0} doc/s, {result.MegabytesPerSecond,6:0.0} MB/s; "
            + $"receipt p50/p99 {result.ReceiptMs?.P50 ?? double.NaN:0.0}/{result.ReceiptMs?.P99 ?? double.NaN:0.0} ms; errors {result.Errors}; "
            + $"cores: server {cpuUse.ServerCores:0.00}, database {cpuUse.DatabaseCores:0.00}, load generator {cpuUse.LoadGeneratorCores:0.00}, machine {cpuUse.MachineCores:0.00}"));
        if (commitLock is not null)
        {
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  commit-order lock: held {commitLock.HeldShare:P1} of {commitLock.Samples} samples, {commitLock.MeanWaiting:0.00} waiting on average, {commitLock.Acquisitions} acquisitions ({commitLock.Acquisitions / (double)Math.Max(1, result.Completed):0.00} per document), "
                + $"hold {commitLock.HoldMs:0.00} ms: client {commitLock.ClientShareOfHold:P0}, WAL flush {commitLock.FlushShareOfHold:P0}, executing {commitLock.ExecutingShareOfHold:P0}"));
        }
        return result;
    }
}
