using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using DocExchange.Testing.Calls;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// A flood of refused calls cannot grow the permanent audit trail or the log at will: repeated refusals of one caller
/// for one reason are written once per window, then as one <c>call.denied</c> event counting the rest, and their log
/// lines are summarised the same way; a legitimate agency is not affected.
/// </summary>
public sealed class RefusalFloodTests : IAsyncLifetime
{
    private const int Flood = 500;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // Rate limits out of the way: this is about what reaches the audit trail and the log.
        _server = await TestServer.StartAsync(
            "--DocExchange:Abuse:CallsPerSecond=100000",
            "--DocExchange:Abuse:CallBurst=100000",
            "--DocExchange:Abuse:MaxConcurrentCallsPerCaller=1000",
            $"--DocExchange:Abuse:RefusalAuditWindowSeconds={Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_flood_of_refused_calls_leaves_a_bounded_number_of_audit_events_whose_counts_add_up_and_a_bounded_log()
    {
        var impostor = _server.WithCertificate(TestPki.SelfSignedAgency(TestServer.H41));
        var legitimate = _server.Agency(TestServer.G22);
        await legitimate.UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest());
        var logBefore = LogBytes();

        var clock = Stopwatch.StartNew();
        var refused = 0;
        var flooders = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < Flood / 10; i++)
            {
                var error = await Assert.ThrowsAsync<RpcException>(() => impostor.UnaryAsync(Exchange.Methods.ListReceived, new ListDocumentsRequest()));
                Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
                Interlocked.Increment(ref refused);
            }
        })).ToList();
        var legitimateCalls = 0;
        while (!flooders.All(f => f.IsCompleted) || legitimateCalls == 0)
        {
            await legitimate.UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest());
            legitimateCalls++;
        }

        await Task.WhenAll(flooders);
        var floodTime = clock.Elapsed;
        Assert.Equal(Flood, refused);

        // The last window closes (Window after it opened, checked every quarter window), and its count is written and
        // logged. How long that takes after the flood depends on the machine's load, so wait until the counts have
        // caught up with the refusals, or give up well past the window.
        var events = await DeniedEventsAsync();
        using (var patience = new CancellationTokenSource(Window + TimeSpan.FromSeconds(30)))
        {
            while (events.Sum(CountOf) < Flood || await SummaryLinesAsync() < events.Count(e => e.Detail.Contains(";count=", StringComparison.Ordinal)))
            {
                if (patience.IsCancellationRequested) break;
                await Task.Delay(200, CancellationToken.None);
                events = await DeniedEventsAsync();
            }
        }

        var windows = (int)Math.Ceiling(floodTime / Window) + 1;
        Assert.True(events.Count <= 2 * windows, $"{events.Count} call.denied events for {Flood} refusals in {floodTime.TotalSeconds:0.0} s (at most {2 * windows} expected)");
        Assert.Equal(Flood, events.Sum(CountOf));
        Assert.All(events, e => Assert.Equal("unauthenticated", e.Actor.Role));
        Assert.Contains(events, e => e.Detail.Contains(";count=", StringComparison.Ordinal));

        var logGrowth = LogBytes() - logBefore;
        var allowed = 32 * 1024 + legitimateCalls * 2048L;
        Assert.True(logGrowth <= allowed, $"the log grew by {logGrowth} bytes for {Flood} refusals and {legitimateCalls} legitimate calls (at most {allowed} expected)");
        Assert.Contains("were not logged one by one", await ReadLogAsync(), StringComparison.Ordinal);
    }

    /// <summary>How many refusals an event stands for: its <c>count=</c>, or one.</summary>
    private static int CountOf(AuditEvent e) =>
        e.Detail.Split(';').FirstOrDefault(f => f.StartsWith("count=", StringComparison.Ordinal)) is { } count
            ? int.Parse(count["count=".Length..], CultureInfo.InvariantCulture)
            : 1;

    /// <summary>Every <c>call.denied</c> event, page after page.</summary>
    private async Task<List<AuditEvent>> DeniedEventsAsync()
    {
        var events = new List<AuditEvent>();
        while (true)
        {
            var request = new QueryEventsRequest { Actions = { "call.denied" }, FromSequence = events.Count == 0 ? 0 : events[^1].Sequence + 1 };
            using var query = _server.Auditor().AsyncServerStreamingCall(DocExchange.Protocol.V1.Audit.Methods.QueryEvents, request);
            var before = events.Count;
            while (await query.ResponseStream.MoveNext(CancellationToken.None))
            {
                events.Add(query.ResponseStream.Current.Event);
            }

            if (events.Count == before)
            {
                return events;
            }
        }
    }

    /// <summary>How many log lines stand for refusals that were counted, not logged one by one.</summary>
    private async Task<int> SummaryLinesAsync() =>
        (await ReadLogAsync()).Split('\n').Count(l => l.Contains("were not logged one by one", StringComparison.Ordinal));

    private string[] LogFiles() => Directory.GetFiles(Path.Combine(_server.DataDirectory, "logs"), "docexchange-*.log");

    private long LogBytes() => LogFiles().Sum(f => new FileInfo(f).Length);

    private async Task<string> ReadLogAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in LogFiles())
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
