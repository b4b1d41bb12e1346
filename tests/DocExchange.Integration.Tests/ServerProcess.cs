using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The real server as a separate process (the DocExchange.Server.dll the tests are built with), on a fixed data
/// directory and loopback port, so a test can kill it with SIGKILL and start it again on the same data.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly string[] _extraArguments;
    private readonly int _port;
    private Process? _process;

    /// <param name="extraArguments">Further settings, e.g. <c>--DocExchange:Storage:SpoolDirectory=…</c>.</param>
    public ServerProcess(string dataDirectory, params string[] extraArguments)
    {
        _dataDirectory = dataDirectory;
        _extraArguments = extraArguments;
        _port = FreePort();
    }

    /// <summary>The running server's process id (for /proc), or null when it is not running.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public Uri Address => new($"http://127.0.0.1:{_port}");

    public async Task StartAsync(CancellationToken ct)
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
            .. _extraArguments,
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilServingAsync(ct);
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
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
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} while starting");
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
