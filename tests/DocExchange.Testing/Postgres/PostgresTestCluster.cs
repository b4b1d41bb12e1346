using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DocExchange.Testing.Processes;
using Npgsql;

namespace DocExchange.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: initdb into a temporary folder, postgres on a free loopback port
/// (trust authentication, socket in the same folder), one database per test from <see cref="CreateDatabaseAsync"/>.
/// As root, initdb and postgres run as the <c>postgres</c> OS user (they refuse root) over a folder it owns.
/// The server runs under a small watchdog shell that stops it and deletes its folder as soon as this process's end of
/// its standard input closes, so the cluster goes with the test process even when that process is killed.
/// <see cref="SharedAsync"/> gives one cluster per test run, stopped and deleted when the process exits.
/// </summary>
public sealed class PostgresTestCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private static readonly string RunsRoot = Path.Combine(Path.GetTempPath(), "dx-pg");
    private static readonly Lazy<Task<PostgresTestCluster>> Shared = new(StartSharedAsync);
    private static int s_databaseCounter;

    // Runs postgres ("$@") with its output in the run folder's server.log. When its standard input reaches EOF (this
    // process closed it, or ended in any way), it stops postgres (SIGINT: fast shutdown) and deletes the run folder.
    private const string WatchdogScript = """
        dir="$1"; shift
        exec 3<&0 </dev/null >>"$dir/server.log" 2>&1
        "$@" &
        pid=$!
        (cat <&3 >/dev/null; kill -INT "$pid" 2>/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; rm -rf "$dir") &
        exec 3<&-
        wait "$pid"
        """;

    private readonly string _bin;
    private readonly string? _runAs;
    private readonly IReadOnlyList<string> _settings;
    private readonly Lock _stopGate = new();
    // The watchdogs of servers stopped by StopForOutageAsync: released last, since each deletes the run folder.
    private readonly List<Process> _outageWatchdogs = [];
    private Process _watchdog;
    private bool _stopped;
    // Holds the port from StopForOutageAsync to RestartAfterOutageAsync.
    private Socket? _outagePort;

    private PostgresTestCluster(string directory, int port, Process watchdog, string bin, string? runAs, IReadOnlyList<string> settings)
    {
        Directory = directory;
        Port = port;
        _watchdog = watchdog;
        _bin = bin;
        _runAs = runAs;
        _settings = settings;
    }

    /// <summary>The run folder: <c>data/</c>, <c>server.log</c> and the server's socket.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string LogPath => Path.Combine(Directory, "server.log");

    /// <summary>A connection string for <paramref name="database"/> as the superuser, over TCP on 127.0.0.1.</summary>
    public string ConnectionString(string database = "postgres", string? username = null) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = username ?? Superuser,
        Database = database,
        Timeout = 15,
    }.ConnectionString;

    /// <summary>The cluster shared by every test of this process; started on first use, deleted when the process exits.</summary>
    public static Task<PostgresTestCluster> SharedAsync() => Shared.Value;

    private static async Task<PostgresTestCluster> StartSharedAsync()
    {
        var cluster = await StartAsync(CancellationToken.None).ConfigureAwait(false);
        // The test host may be ended soon after: only tell the watchdog, which stops and deletes the cluster by itself.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.ReleaseWatchdog();
        return cluster;
    }

    /// <summary>Creates and starts a new cluster. Fails (saying what to install) when PostgreSQL is missing.</summary>
    /// <param name="settings">Extra server settings (<c>name=value</c>), e.g. a larger shared_buffers for benchmarks.</param>
    public static async Task<PostgresTestCluster> StartAsync(CancellationToken cancellationToken, params IReadOnlyList<string> settings)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the PostgreSQL test cluster runs on Linux");
        var bin = PostgresBinaries.Locate();
        var runAs = Environment.IsPrivilegedProcess ? Superuser : null;
        DeleteStaleRuns();

        var directory = Path.Combine(RunsRoot, $"run-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            if (runAs is not null)
            {
                // The postgres user owns the run folder and may delete it from the parent, which is sticky like /tmp.
                File.SetUnixFileMode(RunsRoot, UnixFileMode.StickyBit
                    | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                    | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
                (await Command.RunAsync(Command.Describe("chown", [$"{runAs}:", directory], null, RunsRoot), cancellationToken).ConfigureAwait(false))
                    .EnsureSuccess();
            }
            (await Command.RunAsync(Command.Describe(Path.Combine(bin, "initdb"),
                    ["-D", Path.Combine(directory, "data"), "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                    runAs, directory), cancellationToken).ConfigureAwait(false))
                .EnsureSuccess();

            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var watchdog = StartServer(bin, directory, port, runAs, settings);
                var cluster = new PostgresTestCluster(directory, port, watchdog, bin, runAs, settings);
                try
                {
                    await cluster.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
                    return cluster;
                }
                catch (InvalidOperationException) when (attempt < 3 && cluster.LogMentions("could not bind"))
                {
                    cluster.StopServer(deleteDirectory: false);
                }
                catch
                {
                    cluster.StopServer(deleteDirectory: false);
                    throw;
                }
            }
        }
        catch
        {
            TryDelete(directory);
            throw;
        }
    }

    private static Process StartServer(string bin, string directory, int port, string? runAs, IReadOnlyList<string> settings)
    {
        string[] arguments =
        [
            "-c", WatchdogScript, "postgres-watchdog", directory,
            Path.Combine(bin, "postgres"), "-D", Path.Combine(directory, "data"), "-k", directory, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "shared_buffers=16MB", "-c", "max_connections=300", "-c", "log_min_messages=warning",
            .. settings.SelectMany(setting => new[] { "-c", setting }),
        ];
        var info = Command.Describe("/bin/sh", arguments, runAs, directory);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = false;
        info.RedirectStandardError = false;
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the PostgreSQL watchdog shell");
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString()) { Pooling = false, Timeout = 2 }.ConnectionString;
        while (true)
        {
            if (_watchdog.HasExited)
                throw new InvalidOperationException($"postgres exited during start-up (exit code {_watchdog.ExitCode}):\n{ReadLog()}");
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                    throw new InvalidOperationException($"postgres did not accept connections on port {Port} within a minute:\n{ReadLog()}", e);
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A new empty database (copied from <paramref name="template"/>, template1 by default), dropped when disposed.</summary>
    public async Task<PostgresTestDatabase> CreateDatabaseAsync(string? template = null, CancellationToken cancellationToken = default)
    {
        var name = $"dx_{Interlocked.Increment(ref s_databaseCounter)}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template ?? "template1"}", cancellationToken).ConfigureAwait(false);
        return new PostgresTestDatabase(this, name);
    }

    internal void DropInBackground(string database) => _ = Task.Run(async () =>
    {
        try
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)").ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            // The cluster is stopping; its folder, this database included, is deleted with it.
        }
    });

    /// <summary>Runs a statement in the <c>postgres</c> database as the superuser.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public string ReadLog()
    {
        try
        {
            var text = File.ReadAllText(LogPath);
            return text.Length > 4000 ? text[^4000..] : text;
        }
        catch (IOException e)
        {
            return $"(no server log: {e.Message})";
        }
    }

    private bool LogMentions(string text) => ReadLog().Contains(text, StringComparison.Ordinal);

    /// <summary>
    /// A database outage: stops the server (fast shutdown: every session is ended, and no connection is accepted until
    /// <see cref="RestartAfterOutageAsync"/>), keeping its data.
    /// </summary>
    public async Task StopForOutageAsync(CancellationToken cancellationToken = default)
    {
        var postmasterPid = File.ReadLines(Path.Combine(Directory, "data", "postmaster.pid")).First().Trim();
        (await Command.RunAsync(Command.Describe("kill", ["-INT", postmasterPid], null, Directory), cancellationToken).ConfigureAwait(false))
            .EnsureSuccess();
        // The watchdog shell ends with the server; its stdin stays open so that it does not delete the folder yet.
        await _watchdog.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        lock (_stopGate) _outageWatchdogs.Add(_watchdog);
        _outagePort = ReservePort(Port);
    }

    /// <summary>Starts the server again on its data and port after <see cref="StopForOutageAsync"/>.</summary>
    public async Task RestartAfterOutageAsync(CancellationToken cancellationToken = default)
    {
        _outagePort?.Dispose();
        _outagePort = null;
        _watchdog = StartServer(_bin, Directory, Port, _runAs, _settings);
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server and deletes the run folder.</summary>
    public void Stop() => StopServer(deleteDirectory: true);

    /// <summary>Closes the watchdog's standard input without waiting: the watchdog stops the server and deletes the folder.</summary>
    private void ReleaseWatchdog() => ReleaseWatchdog(_watchdog);

    private static void ReleaseWatchdog(Process watchdog)
    {
        try
        {
            watchdog.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already stopped.
        }
    }

    private void StopServer(bool deleteDirectory)
    {
        lock (_stopGate)
        {
            if (_stopped) return;
            _stopped = true;
        }
        ReleaseWatchdog();
        try
        {
            if (!_watchdog.WaitForExit(TimeSpan.FromSeconds(30))) _watchdog.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _watchdog.Dispose();
        foreach (var stopped in _outageWatchdogs)
        {
            ReleaseWatchdog(stopped);
            stopped.Dispose();
        }
        _outagePort?.Dispose();
        if (deleteDirectory) TryDelete(Directory);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Holds <paramref name="port"/> while the server is down, bound but not listening (connections are refused, as
    /// with no server), so that no other process's free port or outgoing connection takes it before the restart binds
    /// it again. Null when it could not be held.
    /// </summary>
    private static Socket? ReservePort(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // The server's last connections may linger in TIME_WAIT on this port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Deletes run folders left by test processes that no longer exist (their watchdog already stopped the server).</summary>
    private static void DeleteStaleRuns()
    {
        if (!System.IO.Directory.Exists(RunsRoot)) return;
        foreach (var run in System.IO.Directory.EnumerateDirectories(RunsRoot, "run-*"))
        {
            var parts = Path.GetFileName(run).Split('-');
            if (parts.Length == 3 && int.TryParse(parts[1], out var pid) && !System.IO.Directory.Exists($"/proc/{pid}")) TryDelete(run);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover is removed by the next run's stale-folder sweep.
        }
    }
}
