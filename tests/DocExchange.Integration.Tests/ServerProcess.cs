using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The real server as a separate process (the DocExchange.Server.dll the tests are built with), on a fixed data
/// directory and a loopback port chosen at each start, so a test can kill it with SIGKILL and start it again on the
/// same data.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // A start that finds a port taken is tried again on other ports this many times in all.
    private const int StartAttempts = 3;

    private readonly string _dataDirectory;
    private readonly string[] _extraArguments;
    private readonly bool _metrics;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();
    private int _port;
    private int? _metricsPort;
    private Process? _process;

    /// <param name="extraArguments">Further settings, e.g. <c>--DocExchange:Storage:SpoolDirectory=…</c>.</param>
    public ServerProcess(string dataDirectory, params string[] extraArguments)
        : this(dataDirectory, metrics: false, extraArguments)
    {
    }

    private ServerProcess(string dataDirectory, bool metrics, string[] extraArguments)
    {
        _dataDirectory = dataDirectory;
        _extraArguments = extraArguments;
        _metrics = metrics;
    }

    /// <summary>A server that also serves the Prometheus scrape endpoint on a loopback port of its own (<see cref="MetricsPort"/>).</summary>
    public static ServerProcess WithMetrics(string dataDirectory, params string[] extraArguments) => new(dataDirectory, metrics: true, extraArguments);

    /// <summary>The running server's process id (for /proc), or null when it is not running.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The plaintext endpoint of the server as last started.</summary>
    public Uri Address => new($"http://127.0.0.1:{_port}");

    /// <summary>The scrape endpoint's port of the server as last started (<see cref="WithMetrics"/>).</summary>
    public int MetricsPort => _metricsPort ?? throw new InvalidOperationException("this server has no scrape endpoint");

    /// <summary>
    /// Starts the server and waits until it serves. Its ports are chosen free just before, but another process may bind
    /// one of them before the server does (more likely on a busy machine): the start is then tried again on others.
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(_metrics ? 2 : 1);
            _port = ports[0];
            _metricsPort = _metrics ? ports[1] : null;
            try
            {
                await StartOnceAsync(ct);
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && _output.Any(l => l.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
            {
                await KillAsync();
            }
        }
    }

    private async Task StartOnceAsync(CancellationToken ct)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "DocExchange.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        string[] arguments =
        [
            server,
            $"--DocExchange:DataDirectory={_dataDirectory}",
            "--DocExchange:Listen:TlsPort=-1",
            "--DocExchange:Development:PlaintextLoopback=true",
            $"--DocExchange:Development:PlaintextPort={_port}",
            $"--DocExchange:Audit:KeyPassword={TestServer.SamplePassword}",
            "--Serilog:MinimumLevel:Default=Warning",
            // The checks after a crash read every document; the per-caller rate limit is not under test here.
            "--DocExchange:Abuse:CallsPerSecond=100000",
            "--DocExchange:Abuse:CallBurst=100000",
            .. _metricsPort is { } metricsPort ? [$"--DocExchange:Telemetry:PrometheusPort={metricsPort}"] : Array.Empty<string>(),
            .. _extraArguments,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        _output.Clear();
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync(ct);
    }

    /// <summary>Keeps the last lines the server wrote, to explain a failed start.</summary>
    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            // WaitForExitAsync also waits for the end of the redirected output, which has not always come after a kill
            // (a make test run hung here); the exit itself is what a kill test needs, and is waited for with a bound.
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"the server process {_process.Id} did not exit within 30 s of SIGKILL");
            }
        }

        _process?.Dispose();
        _process = null;
    }

    public CallInvoker Channel(out GrpcChannel channel)
    {
        channel = GrpcChannel.ForAddress(Address);
        return channel.CreateCallInvoker();
    }

    public static CallOptions As(string caller, CancellationToken ct = default) =>
        new(headers: new Metadata { { "x-docexchange-dev-caller", caller } }, cancellationToken: ct);

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task WaitUntilServingAsync(CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        // A start needs a few CPU seconds, which a machine loaded with other test processes can spread over a minute.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (_process!.HasExited)
            {
                // Its output is complete once the process has exited and its readers have reached the end.
                await _process.WaitForExitAsync(ct);
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} while starting:\n{string.Join('\n', _output)}");
            }

            try
            {
                var health = await channel.CreateCallInvoker().UnaryAsync(HealthMethods.Check, new Grpc.Health.V1.HealthCheckRequest(),
                    new(deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: ct));
                if (health.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary><paramref name="count"/> distinct loopback ports that were free a moment ago.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
