using System.Diagnostics;
using DocExchange.LoadGenerator.Hosting;
using DocExchange.LoadGenerator.Results;
using Npgsql;

namespace DocExchange.LoadGenerator.Engines;

/// <summary>
/// Samples PostgreSQL's commit-order lock (the transaction-scoped advisory lock every write takes as its last
/// statements, see src/DocExchange.Storage/Postgres/PostgresSql.cs) during one phase: at each tick, from pg_locks and
/// pg_stat_activity, whether a backend holds it, how many wait for it, and what the holder is doing. The share of
/// ticks it is held is its utilisation; divided by the acquisitions (the audit counter's advance: every write draws
/// exactly one audit sequence under the lock) it gives the mean hold time, from grant to the end of the commit.
/// The sampler's queries cost the database CPU too: its backend's own CPU time is read from /proc so that the phase's
/// database CPU can leave it out.
/// </summary>
internal sealed class CommitLockProbe : IAsyncDisposable
{
    // The lock's two int4 keys, as pg_locks shows them for pg_advisory_xact_lock(int4, int4) (objsubid 2).
    private const string CommitOrderLock =
        "l.locktype = 'advisory' AND l.database = d.oid AND l.classid = 1146617856 AND l.objid = 2 AND l.objsubid = 2";

    private const string Sample = $"""
        SELECT (SELECT count(*) FROM pg_locks l WHERE {CommitOrderLock} AND NOT l.granted),
            h.pid IS NOT NULL, a.state, a.wait_event_type, a.wait_event
        FROM pg_database d
        LEFT JOIN pg_locks h ON h.locktype = 'advisory' AND h.database = d.oid AND h.classid = 1146617856 AND h.objid = 2
            AND h.objsubid = 2 AND h.granted
        LEFT JOIN pg_stat_activity a ON a.pid = h.pid
        WHERE d.datname = current_database()
        """;

    private const string AuditCounter = "SELECT next FROM audit_counter WHERE id = 0";

    private readonly NpgsqlConnection _connection;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _counterAtStart;
    private readonly long _start = Stopwatch.GetTimestamp();
    private Task<Tally>? _sampling;

    private CommitLockProbe(NpgsqlConnection connection, long counterAtStart)
    {
        _connection = connection;
        _counterAtStart = counterAtStart;
    }

    /// <summary>Seconds of CPU the sampler's own PostgreSQL backend has used so far.</summary>
    public double SamplerDatabaseCpuSeconds() => ProcessCpu.Seconds(_connection.ProcessID);

    public static async Task<CommitLockProbe> StartAsync(string connectionString, TimeSpan interval, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var probe = new CommitLockProbe(connection, await CounterAsync(connection, cancellationToken));
        probe._sampling = probe.SampleAsync(interval);
        return probe;
    }

    public async Task<CommitLockUse> StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        var tally = await _sampling!;
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        var acquisitions = await CounterAsync(_connection, cancellationToken) - _counterAtStart;
        double Share(int n) => tally.Held == 0 ? 0 : (double)n / tally.Held;
        var held = tally.Samples == 0 ? 0 : (double)tally.Held / tally.Samples;
        return new CommitLockUse(
            tally.Samples,
            seconds,
            acquisitions,
            held,
            tally.Samples == 0 ? 0 : (double)tally.Waiting / tally.Samples,
            acquisitions == 0 ? double.NaN : held * seconds * 1000 / acquisitions,
            Share(tally.Client),
            Share(tally.Flush),
            Share(tally.Held - tally.Client - tally.Flush));
    }

    private async Task<Tally> SampleAsync(TimeSpan interval)
    {
        var tally = new Tally();
        using var timer = new PeriodicTimer(interval);
        await using var sample = new NpgsqlCommand(Sample, _connection);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                // Not cancelled midway: a cancelled query could leave the connection unusable for the last count.
                await using var reader = await sample.ExecuteReaderAsync(CancellationToken.None);
                if (!await reader.ReadAsync(CancellationToken.None)) continue;
                tally.Samples++;
                tally.Waiting += reader.GetInt64(0);
                if (!reader.GetBoolean(1)) continue;
                tally.Held++;
                var state = reader.IsDBNull(2) ? "" : reader.GetString(2);
                var waitType = reader.IsDBNull(3) ? "" : reader.GetString(3);
                var waitEvent = reader.IsDBNull(4) ? "" : reader.GetString(4);
                if (state == "idle in transaction" || waitType == "Client")
                {
                    tally.Client++;
                }
                else if ((waitType == "IO" && waitEvent.StartsWith("WAL", StringComparison.Ordinal)) || (waitType == "LWLock" && waitEvent == "WALWrite"))
                {
                    tally.Flush++;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The phase ended.
        }
        return tally;
    }

    private static async Task<long> CounterAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(AuditCounter, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampling is not null)
        {
            await _sampling;
        }
        _stop.Dispose();
        await _connection.DisposeAsync();
    }

    private sealed class Tally
    {
        public int Samples;
        public long Waiting;
        public int Held;
        public int Client;
        public int Flush;
    }
}
