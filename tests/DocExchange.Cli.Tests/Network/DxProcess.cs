using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace DocExchange.Cli.Tests.Network;

/// <summary>
/// A dx process that keeps running (inbox --follow, status watch): its standard output line by line as it comes,
/// and Ctrl+C delivered as a real SIGINT.
/// </summary>
internal sealed class DxProcess : IAsyncDisposable
{
    private const int SigInt = 2;

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _seen = [];
    private readonly Task _reading;

    private DxProcess(Process process)
    {
        _process = process;
        _reading = ReadAsync();
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static DxProcess Start(DxRunner runner, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(DxRunner.DllPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("DX_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DX_CONFIG"] = runner.ConfigPath;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in runner.Environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.StandardInput.Close();
        return new DxProcess(process);
    }

    /// <summary>The next line of standard output that satisfies <paramref name="match"/>; fails the test after 30 s.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                string line = await _lines.Reader.ReadAsync(timeout.Token);
                _seen.Add(line);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"dx did not print the expected line. Output so far:\n{string.Join('\n', _seen)}\n--- stderr\n{Stderr}");
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does, and waits for dx to exit.</summary>
    public async Task<int> InterruptAsync()
    {
        if (Kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill(SIGINT) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        await _reading;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _lines.Writer.WriteAsync(line);
        }
        _lines.Writer.Complete();
    }

#pragma warning disable SYSLIB1054 // A plain int→int call: DllImport needs no generated marshalling code.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
