using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DocExchange.LoadGenerator.Hosting;

/// <summary>
/// A server in its own process on a free loopback port: the real server (DocExchange.Server.dll), with its own data
/// folder, or the bare transport (DocExchange.BareServer.dll). Its console log goes to a file (the real server's
/// per-call logging stays on, as in production).
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pump;

    private ServerProcess(Process process, StreamWriter log, Task pump, Uri address)
    {
        _process = process;
        _log = log;
        _pump = pump;
        Address = address;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <param name="project">The project that builds <paramref name="serverDll"/>, to say what to build when it is missing.</param>
    public static async Task<ServerProcess> StartAsync(string serverDll, string project, IEnumerable<string> arguments, string logPath, CancellationToken ct)
    {
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"{Path.GetFileName(serverDll)} is not built at {serverDll}: run `dotnet build {project} -c Release` (make bench does).", serverDll);
        }
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var log = new StreamWriter(logPath) { AutoFlush = false };
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = Task.WhenAll(PumpAsync(process.StandardOutput, log, ready), PumpAsync(process.StandardError, log, ready))
            .ContinueWith(_ => ready.TrySetException(new InvalidOperationException("The server exited before it was serving.")), TaskScheduler.Default);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            var address = await ready.Task.WaitAsync(timeout.Token);
            return new ServerProcess(process, log, pump, address);
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync(CancellationToken.None);
            await pump;
            await log.DisposeAsync();
            throw new InvalidOperationException($"The server did not start; its log is {logPath}:\n{Tail(logPath)}");
        }
    }

    private static async Task PumpAsync(StreamReader reader, StreamWriter log, TaskCompletionSource<Uri> ready)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
            if (!ready.Task.IsCompleted && ServingLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
    }

    private static string Tail(string path)
    {
        try
        {
            return string.Join('\n', File.ReadLines(path).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    [GeneratedRegex(@"serving gRPC on .*?(https://[^,;\s]+)")]
    private static partial Regex ServingLine();

    /// <summary>Stops the server with SIGTERM (a graceful shutdown), killing it after 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        await _pump;
        lock (_log)
        {
            _log.Flush();
        }
        await _log.DisposeAsync();
        _process.Dispose();
    }
}
