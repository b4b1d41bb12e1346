using System.Globalization;
using DocExchange.Bench;
using DocExchange.LoadGenerator.Ceilings;
using DocExchange.LoadGenerator.Engines;
using DocExchange.LoadGenerator.Hosting;
using DocExchange.LoadGenerator.Load;
using DocExchange.LoadGenerator.Memory;
using DocExchange.LoadGenerator.Results;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pades;

namespace DocExchange.LoadGenerator;

/// <summary>
/// The whole end-to-end measurement, engine by engine: the engine's commit ceiling; a deployment of one server process
/// on loopback (the transport ceiling once, then the load phases, the smallest documents also as edXML packages); on an
/// engine several servers can share, deployments of more instances for the scale-out phases; and the large-document
/// and large-edXML-package memory runs, each on a fresh server.
/// </summary>
internal sealed class BenchRun(BenchOptions options, TextWriter progress)
{
    private sealed record DeploymentResult(IReadOnlyList<PhaseResult> Phases, (UnaryCeiling Ours, UnaryCeiling Bare)? Unary, long AuditTreeSize);

    public async Task<LoadResults> RunAsync(CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var busyBefore = await BusyCoresAsync(TimeSpan.FromSeconds(5), ct);
        var notes = new List<string>();
        var work = Path.Combine(Path.GetTempPath(), "docexchange-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            using var files = await BenchFiles.WriteAsync(Path.Combine(work, "pki"), ct);
            var commits = new List<CommitCeiling>();
            var phases = new List<PhaseResult>();
            (UnaryCeiling Ours, UnaryCeiling Bare)? unary = null;
            long? auditTreeSize = null;
            MemoryResult? memory = null;
            PackageMemoryResult? packageMemory = null;
            foreach (var name in options.Engines)
            {
                await using var engine = StorageEngines.Create(name);
                await progress.WriteLineAsync($"ceiling: {engine.Name} durable commits…");
                var commit = new CommitCeiling(engine.Name, engine.Durability, await engine.MeasureCommitsPerSecondAsync(work, options.CeilingDuration, ct));
                commits.Add(commit);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {commit.CommitsPerSecond:0} commits/s"));

                var plan = options.Sizes.SelectMany(size => options.Concurrency.Select(concurrency => (size, concurrency))).ToList();
                var single = await RunDeploymentAsync(engine, files, work, 1, plan, measureUnary: unary is null, ct);
                phases.AddRange(single.Phases);
                unary ??= single.Unary;
                auditTreeSize ??= single.AuditTreeSize;

                if (engine.SupportsScaleOut)
                {
                    // The scale-out phases: the smallest document at the highest concurrency, over 2 and 3 servers.
                    var busiest = (options.Sizes[0], options.Concurrency.Max());
                    foreach (var instances in options.ScaleOut)
                    {
                        phases.AddRange((await RunDeploymentAsync(engine, files, work, instances, [busiest], measureUnary: false, ct)).Phases);
                    }
                }

                if (memory is null && !options.SkipMemory)
                {
                    await progress.WriteLineAsync($"memory: one large document through a fresh server process ({engine.Name})…");
                    var memoryDeployment = Path.Combine(work, engine.Name + "-memory");
                    var engineArguments = await engine.NewDeploymentAsync(memoryDeployment, ct);
                    memory = await LargeDocumentRun.RunAsync((server, token) => StartServerAsync(engineArguments, files, memoryDeployment, server, token), files.Pki, work, options.MemoryDocumentBytes, progress, ct);
                    await progress.WriteLineAsync(memory.Error is null
                        ? Peaks(memory.ServerPeakRss, memory.ServerRssBefore, memory.ClientPeakRss, memory.ClientRssBefore)
                        : $"  failed: {memory.Error}");
                }

                if (packageMemory is null && !options.SkipMemory && !options.SkipEdXml)
                {
                    await progress.WriteLineAsync($"memory: one large edXML package through a fresh server process ({engine.Name})…");
                    var packageDeployment = Path.Combine(work, engine.Name + "-edxml-memory");
                    var packageEngineArguments = await engine.NewDeploymentAsync(packageDeployment, ct);
                    packageMemory = await LargePackageRun.RunAsync((server, token) => StartServerAsync(packageEngineArguments, files, packageDeployment, server, token), files.Pki, work, options.PackageAttachmentBytes, progress, ct);
                    await progress.WriteLineAsync(packageMemory.Error is null
                        ? Peaks(packageMemory.ServerPeakRss, packageMemory.ServerRssBefore, packageMemory.ClientPeakRss, packageMemory.ClientRssBefore) + "; the fetched attachments' SHA-256 match"
                        : $"  failed: {packageMemory.Error}");
                }
            }
            notes.Add("The server's document size limit (Limits:MaxDocumentBytes) was raised to 2 GiB for the large-document and large-package runs; everything else is the shipped default configuration, with revocation required for signatures.");
            return new LoadResults(options.Quick, options.Engines, started, DateTimeOffset.UtcNow, loadBefore, LoadAverage(), options.Senders, options.Recipients,
                options.FetchWorkers, commits, unary?.Ours, phases, auditTreeSize ?? 0, memory, options.WarmUp, notes, packageMemory, unary?.Bare, busyBefore);
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

    /// <summary>
    /// Starts <paramref name="instances"/> servers on a fresh store, registers the agencies, spreads them over the
    /// instances (agency i talks to instance i mod n, as agencies behind a load balancer would), warms up, and runs the phases.
    /// </summary>
    private async Task<DeploymentResult> RunDeploymentAsync(
        IStorageEngine engine, BenchFiles files, string work, int instances, IReadOnlyList<((int Bytes, TimeSpan Duration, int MaxDocuments) Size, int Concurrency)> plan,
        bool measureUnary, CancellationToken ct)
    {
        var directory = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"{engine.Name}-{instances}x"));
        var engineArguments = await engine.NewDeploymentAsync(directory, ct);
        var servers = new List<ServerProcess>();
        var connections = new List<Connections>();
        try
        {
            for (var i = 1; i <= instances; i++)
            {
                // One after another: the first creates the shared audit key that the others then load.
                var server = await StartServerAsync(engineArguments, files, directory, string.Create(CultureInfo.InvariantCulture, $"instance-{i}"), ct);
                servers.Add(server);
                connections.Add(new Connections(server.Address, files.Pki));
                await progress.WriteLineAsync($"{engine.Name}: server {i} of {instances}, pid {server.Pid} on {server.Address}");
            }
            var operatorClient = connections[0].Role("operator");
            var senderCodes = Enumerable.Range(1, options.Senders).Select(i => string.Create(CultureInfo.InvariantCulture, $"000.00.00.G{i:D2}")).ToList();
            var recipientCodes = Enumerable.Range(1, options.Recipients).Select(i => string.Create(CultureInfo.InvariantCulture, $"000.00.00.H{i:D2}")).ToList();
            foreach (var code in senderCodes.Concat(recipientCodes))
            {
                await ExchangeCalls.RegisterAsync(operatorClient, code, ct);
            }
            var senders = senderCodes.Select((code, i) => (code, connections[i % instances].Agency(code))).ToList();

            var tracker = new DocumentTracker();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var recipients = recipientCodes.Select((code, i) => new RecipientAgent(code, connections[i % instances].Agency(code), tracker, options.FetchWorkers)).ToList();
            recipients.ForEach(r => r.Start(stop.Token));
            await Task.WhenAll(recipients.Select(r => r.CaughtUp)).WaitAsync(TimeSpan.FromSeconds(30), ct);

            var serverPids = servers.Select(s => s.Pid).ToList();
            var runner = new LoadRunner(engine.Name, instances, senders, recipientCodes, tracker, () => CpuSnapshot.Take(serverPids, engine.DatabaseProcess),
                options.SampleCommitLock ? engine.StartCommitLockProbeAsync : _ => Task.FromResult<CommitLockProbe?>(null), progress);
            var warmUp = await DistinctSignedPdfs.CreateAsync(files.Pki, options.Sizes[0].Bytes, ct);
            await progress.WriteLineAsync(options.WarmUp > TimeSpan.Zero
                ? $"warm-up: {options.WarmUp.TotalSeconds:0} s at {options.Senders} senders (not measured)…"
                : "warm-up: one document from every sender (not measured)…");
            await runner.RunAsync(warmUp, options.Senders, options.WarmUp, options.WarmUp > TimeSpan.Zero ? int.MaxValue : options.Senders, ct);

            // After the warm-up, as the phases: measured earlier, it would count the JIT's work on the call path.
            (UnaryCeiling Ours, UnaryCeiling Bare)? unary = null;
            if (measureUnary)
            {
                var ours = new UnaryTarget("the server", senders[0].Item2, () => CpuSnapshot.Take([servers[0].Pid], null));
                unary = await MeasureUnaryAsync(files, work, ours, senderCodes[0], ct);
            }

            var phases = new List<PhaseResult>();
            foreach (var group in plan.GroupBy(p => p.Size))
            {
                var pdf = await DistinctSignedPdfs.CreateAsync(files.Pki, group.Key.Bytes, ct);
                await progress.WriteLineAsync($"load ({engine.Name}, {instances} instance{(instances == 1 ? "" : "s")}): signed PDFs of {pdf.Length / 1024} KiB, each send's its own");
                foreach (var (size, concurrency) in group)
                {
                    phases.Add(await runner.RunAsync(pdf, concurrency, size.Duration, size.MaxDocuments, ct));
                }
                if (instances == 1 && options.EdXmlConcurrency > 0 && group.Key == options.Sizes[0])
                {
                    phases.Add(await RunEdXmlPhaseAsync(runner, pdf, group.Key, connections[0], senderCodes, recipientCodes, ct));
                }
            }

            await stop.CancelAsync();
            foreach (var recipient in recipients)
            {
                await recipient.StopAsync();
            }
            var info = await connections[0].Role("auditor").UnaryAsync(Protocol.V1.Audit.Methods.GetLogInfo, new GetLogInfoRequest(), new CallOptions(cancellationToken: ct));
            return new DeploymentResult(phases, unary, info.TreeSize);
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The empty call through the server (<paramref name="ours"/>) and through the bare transport, a bare gRPC server
    /// started for it in its own process with the same TLS certificate and client CA, called with the same client code
    /// and connection settings (a connection of its own, as <paramref name="agency"/>).
    /// </summary>
    private async Task<(UnaryCeiling Ours, UnaryCeiling Bare)> MeasureUnaryAsync(BenchFiles files, string work, UnaryTarget ours, string agency, CancellationToken ct)
    {
        await progress.WriteLineAsync("ceiling: empty unary RPC (Health/Check) over mutual TLS, through the server and through the bare transport…");
        var directory = Path.Combine(work, "bare-transport");
        Directory.CreateDirectory(directory);
        await using var bare = await ServerProcess.StartAsync(options.BareServerDll, "bench/DocExchange.BareServer",
            ["--cert", files.ServerPfx, "--password", BenchPki.Password, "--client-ca", files.RootPem], Path.Combine(directory, "console.log"), ct);
        using var connections = new Connections(bare.Address, files.Pki);
        var measured = await UnaryRpcCeiling.MeasureAsync(
            ours, new UnaryTarget("the bare transport", connections.Agency(agency), () => CpuSnapshot.Take([bare.Pid], null)), 16, options.UnaryDuration, ct);
        foreach (var (name, unary) in new[] { ("bare transport", measured.Bare), ("server", measured.Ours) })
        {
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {unary.SequentialCallsPerSecond:0} calls/s one at a time (p50 {unary.SequentialMs.P50:0.00} ms), {unary.ConcurrentCallsPerSecond:0} calls/s with {unary.Concurrency} in flight, server CPU {unary.ServerCpuMsPerCall:0.000} ms per call"));
        }
        return measured;
    }

    /// <summary>
    /// The same signed PDFs as edXML packages, sent with the client library's SendPackageAsync right after the native
    /// phases of that size; the recipient agents fetch them natively (Exchange.Fetch), as they do the native sends.
    /// </summary>
    private async Task<PhaseResult> RunEdXmlPhaseAsync(
        LoadRunner runner, DistinctSignedPdfs pdf, (int Bytes, TimeSpan Duration, int MaxDocuments) size, Connections connections,
        IReadOnlyList<string> senderCodes, IReadOnlyList<string> recipientCodes, CancellationToken ct)
    {
        await using var packages = await EdXmlPackages.CreateAsync(pdf, senderCodes, recipientCodes, connections.AgencyLibrary, ct);
        await progress.WriteLineAsync($"  the same PDFs as edXML packages of {packages.WireBytes / 1024} KiB (SendPackageAsync); warm-up: one package from every sender (not measured)…");
        await runner.RunAsync(packages, senderCodes.Count, TimeSpan.Zero, senderCodes.Count, ct);
        return await runner.RunAsync(packages, options.EdXmlConcurrency, size.Duration, size.MaxDocuments, ct);
    }

    private static string Peaks(long serverPeak, long serverBefore, long clientPeak, long clientBefore) =>
        string.Create(CultureInfo.InvariantCulture, $"  server peak RSS {serverPeak / 1e6:0} MB (before {serverBefore / 1e6:0} MB), client peak {clientPeak / 1e6:0} MB (before {clientBefore / 1e6:0} MB)");

    private Task<ServerProcess> StartServerAsync(IReadOnlyList<string> engineArguments, BenchFiles files, string deploymentDirectory, string name, CancellationToken ct)
    {
        var data = Path.Combine(deploymentDirectory, name);
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
            .. engineArguments,
        ];
        return ServerProcess.StartAsync(options.ServerDll, "src/DocExchange.Server", arguments, Path.Combine(data, "server-console.log"), ct);
    }

    /// <summary>The cores the whole machine keeps busy over <paramref name="window"/>, from /proc/stat.</summary>
    private static async Task<double> BusyCoresAsync(TimeSpan window, CancellationToken ct)
    {
        var before = ProcessCpu.MachineBusySeconds();
        await Task.Delay(window, ct);
        return (ProcessCpu.MachineBusySeconds() - before) / window.TotalSeconds;
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
