using System.Globalization;
using DocExchange.Bench;
using DocExchange.LoadGenerator.Ceilings;
using DocExchange.LoadGenerator.Engines;
using DocExchange.LoadGenerator.Hosting;
using DocExchange.LoadGenerator.Load;
using DocExchange.LoadGenerator.Memory;
using DocExchange.LoadGenerator.Results;
using DocExchange.Protocol.Grpc.Client;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pades;

namespace DocExchange.LoadGenerator;

/// <summary>
/// The whole end-to-end measurement: the storage engine's commit ceiling, a server process on loopback, the transport
/// ceiling, the load phases, the audit log's size afterwards, and the large-document memory run on a fresh server.
/// </summary>
internal sealed class BenchRun(BenchOptions options, TextWriter progress)
{
    public async Task<LoadResults> RunAsync(CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var notes = new List<string>();
        var work = Path.Combine(Path.GetTempPath(), "docexchange-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            await using var engine = StorageEngines.Create(options.Engine);
            using var files = await BenchFiles.WriteAsync(Path.Combine(work, "pki"), ct);

            await progress.WriteLineAsync($"ceiling: {engine.Name} durable commits…");
            var commit = new CommitCeiling(engine.Name, engine.Durability, await engine.MeasureCommitsPerSecondAsync(work, options.CeilingDuration, ct));
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {commit.CommitsPerSecond:0} commits/s"));

            UnaryCeiling unary;
            var phases = new List<PhaseResult>();
            long auditTreeSize;
            await using (var server = await StartServerAsync(engine, files, work, "load", ct))
            using (var connections = new Connections(server.Address, files.Pki))
            {
                await progress.WriteLineAsync($"server pid {server.Pid} on {server.Address}");
                var operatorClient = connections.Role("operator");
                var senderCodes = Enumerable.Range(1, options.Senders).Select(i => string.Create(CultureInfo.InvariantCulture, $"000.00.00.G{i:D2}")).ToList();
                var recipientCodes = Enumerable.Range(1, options.Recipients).Select(i => string.Create(CultureInfo.InvariantCulture, $"000.00.00.H{i:D2}")).ToList();
                foreach (var code in senderCodes.Concat(recipientCodes))
                {
                    await ExchangeCalls.RegisterAsync(operatorClient, code, ct);
                }
                var senders = senderCodes.Select(code => (code, connections.Agency(code))).ToList();

                await progress.WriteLineAsync("ceiling: empty unary RPC (Health/Check) over mutual TLS…");
                unary = await UnaryRpcCeiling.MeasureAsync(senders[0].Item2, 16, options.CeilingDuration, ct);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {unary.SequentialCallsPerSecond:0} calls/s one at a time (p50 {unary.SequentialMs.P50:0.00} ms), {unary.ConcurrentCallsPerSecond:0} calls/s with {unary.Concurrency} in flight"));

                var tracker = new DocumentTracker();
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var recipients = recipientCodes.Select(code => new RecipientAgent(code, connections.Agency(code), tracker, options.FetchWorkers)).ToList();
                recipients.ForEach(r => r.Start(stop.Token));
                await Task.WhenAll(recipients.Select(r => r.CaughtUp)).WaitAsync(TimeSpan.FromSeconds(30), ct);

                var runner = new LoadRunner(senders, recipientCodes, tracker, progress);
                await progress.WriteLineAsync("warm-up: one document from every sender…");
                var warmUp = await SignedPdfAsync(files.Pki, 100 * 1024, ct);
                await runner.RunAsync(warmUp, options.Senders, TimeSpan.Zero, options.Senders, ct);

                foreach (var (bytes, duration, maxDocuments) in options.Sizes)
                {
                    var pdf = await SignedPdfAsync(files.Pki, bytes, ct);
                    await progress.WriteLineAsync($"load: signed PDFs of {pdf.Length / 1024} KiB");
                    foreach (var concurrency in options.Concurrency)
                    {
                        phases.Add(await runner.RunAsync(pdf, concurrency, duration, maxDocuments, ct));
                    }
                }

                await stop.CancelAsync();
                foreach (var recipient in recipients)
                {
                    await recipient.StopAsync();
                }
                var info = await connections.Role("auditor").UnaryAsync(AuditMethods.GetLogInfo, new GetLogInfoRequest(), new CallOptions(cancellationToken: ct));
                auditTreeSize = info.TreeSize;
            }

            MemoryResult? memory = null;
            if (!options.SkipMemory)
            {
                await progress.WriteLineAsync("memory: one large document through a fresh server process…");
                memory = await LargeDocumentRun.RunAsync((name, token) => StartServerAsync(engine, files, work, name, token), files.Pki, work, options.MemoryDocumentBytes, progress, ct);
                await progress.WriteLineAsync(memory.Error is null
                    ? string.Create(CultureInfo.InvariantCulture, $"  server peak RSS {memory.ServerPeakRss / 1e6:0} MB (before {memory.ServerRssBefore / 1e6:0} MB), client peak {memory.ClientPeakRss / 1e6:0} MB (before {memory.ClientRssBefore / 1e6:0} MB)")
                    : $"  failed: {memory.Error}");
            }
            notes.Add("The server's document size limit (Limits:MaxDocumentBytes) was raised to 2 GiB for the large-document run; everything else is the shipped default configuration, with revocation required for signatures.");
            return new LoadResults(options.Quick, engine.Name, started, DateTimeOffset.UtcNow, loadBefore, LoadAverage(), options.Senders, options.Recipients,
                options.FetchWorkers, commit, unary, phases, auditTreeSize, memory, notes);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException e)
            {
                await progress.WriteLineAsync($"note: could not remove {work}: {e.Message}");
            }
        }
    }

    private Task<ServerProcess> StartServerAsync(IStorageEngine engine, BenchFiles files, string work, string name, CancellationToken ct)
    {
        var data = Path.Combine(work, "server-" + name);
        Directory.CreateDirectory(data);
        string[] arguments =
        [
            $"--DocExchange:DataDirectory={data}",
            "--DocExchange:Listen:TlsPort=0",
            "--DocExchange:Development:PlaintextLoopback=false",
            "--DocExchange:Limits:MaxDocumentBytes=2147483648",
            // The benchmark measures throughput, not the per-caller abuse limits.
            "--DocExchange:Abuse:CallsPerSecond=1000000",
            "--DocExchange:Abuse:CallBurst=1000000",
            "--DocExchange:Abuse:MaxConcurrentCallsPerCaller=100000",
            .. files.ServerArguments(options.RepositoryRoot),
            .. engine.ServerArguments(data),
        ];
        return ServerProcess.StartAsync(options.ServerDll, arguments, Path.Combine(data, "server-console.log"), ct);
    }

    private static async Task<byte[]> SignedPdfAsync(BenchPki pki, int bytes, CancellationToken ct)
    {
        using var input = new MemoryStream(BenchPdf.Create(bytes), writable: false);
        using var output = new MemoryStream();
        await PdfSigner.SignAsync(input, output, new CertificateSigner(pki.Signer, [pki.RootCertificate]), new PdfSignatureOptions { Reason = "Ký duyệt" }, ct);
        return output.ToArray();
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
