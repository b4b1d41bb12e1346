using DocExchange.Core;
using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Exchange;
using DocExchange.Core.Statuses;
using DocExchange.Storage.Postgres;
using Npgsql;

namespace DocExchange.Storage.Tests;

/// <summary>
/// Two server instances on one database: a commit through the first wakes subscribers of the second, whose notifier
/// hears of it only through LISTEN/NOTIFY (nothing is published in the second process).
/// </summary>
public sealed class PostgresNotificationTests : IAsyncLifetime
{
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");
    private static int s_roleCounter;

    private readonly ManualClock _clock = new(Records.Time);
    private PostgresStorageUnderTest _first = null!;
    private PostgresStorage? _second;
    private ExchangeService _firstService = null!;

    public async Task InitializeAsync()
    {
        _first = await PostgresStorageUnderTest.CreateAsync();
        _firstService = _first.Storage.CreateExchangeService(new ExchangeOptions(), _clock);
        foreach (var code in new[] { Sender, Finance })
        {
            await _firstService.RegisterAgencyAsync(new AgencyRegistration(code.Value, code.Value), "operator", CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    private async Task<ExchangeService> OpenSecondAsync(string? connectionString = null)
    {
        _second = await _first.OpenInstanceAsync(connectionString);
        return _second.CreateExchangeService(new ExchangeOptions(), _clock);
    }

    private async Task<SendResult> SendAsync(string messageId)
    {
        var main = Content.Bytes(2000, messageId.GetHashCode(StringComparison.Ordinal));
        return await _firstService.SendAsync(
            new OutgoingDocument(Sender, messageId, [Finance.Value], messageId, "VPCP", new DateOnly(2024, 5, 10), "Về việc thử nghiệm",
                BusinessDocType.New, null, new byte[] { 1 }, [new PartDeclaration("main", PartKind.Main, "main.pdf", "application/pdf", main.Length, null)]),
            Content.Chunks([("main", main)]), CancellationToken.None);
    }

    private static async Task<IAsyncEnumerator<InboxEvent>> CaughtUpInboxAsync(ExchangeService service, CancellationToken cancellationToken)
    {
        var inbox = service.SubscribeInboxAsync(Finance, 0, cancellationToken).GetAsyncEnumerator(cancellationToken);
        Assert.True(await inbox.MoveNextAsync());
        Assert.True(inbox.Current.IsCaughtUp);
        return inbox;
    }

    [Fact]
    public async Task A_send_through_one_instance_wakes_an_inbox_subscriber_on_another()
    {
        var second = await OpenSecondAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inbox = await CaughtUpInboxAsync(second, cancel.Token);

        var next = inbox.MoveNextAsync();
        var sent = await SendAsync("m-1");

        Assert.True(await next);
        Assert.Equal(sent.DocumentId, inbox.Current.Delivery!.Document.Id);
    }

    [Fact]
    public async Task A_status_posted_through_one_instance_wakes_a_status_watch_on_another()
    {
        var second = await OpenSecondAsync();
        var sent = await SendAsync("m-1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = second.WatchStatusesAsync(Sender, 0, null, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsCaughtUp);

        var next = watch.MoveNextAsync();
        var arrived = await _firstService.PostStatusAsync(new StatusPost(Finance, sent.DocumentId.ToString(), StatusCode.Arrived, null), CancellationToken.None);

        Assert.True(await next);
        Assert.Equal(arrived, watch.Current.Status);
    }

    [Fact]
    public async Task A_send_committed_while_the_listener_is_disconnected_wakes_the_subscriber_once_it_reconnects()
    {
        // The second instance logs in as its own role, so that the test can keep that role (only) from reconnecting.
        var role = $"dx_second_{Interlocked.Increment(ref s_roleCounter)}_{Guid.NewGuid().ToString("N")[..6]}";
        var cluster = _first.Database.Cluster;
        await cluster.ExecuteAsync($"CREATE ROLE {role} LOGIN SUPERUSER");
        var second = await OpenSecondAsync(cluster.ConnectionString(_first.Database.Name, role));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inbox = await CaughtUpInboxAsync(second, cancel.Token);
        // A first send reaches the subscriber only once the second instance LISTENs (or has just begun to).
        var probe = await SendAsync("m-0");
        Assert.True(await inbox.MoveNextAsync());
        Assert.Equal(probe.DocumentId, inbox.Current.Delivery!.Document.Id);
        var next = inbox.MoveNextAsync();

        await cluster.ExecuteAsync($"ALTER ROLE {role} NOLOGIN");
        await TerminateListenerAsync(role, cancel.Token);
        var sent = await SendAsync("m-1"); // its NOTIFY reaches no listener of the second instance
        await cluster.ExecuteAsync($"ALTER ROLE {role} LOGIN");

        Assert.True(await next);
        Assert.Equal(sent.DocumentId, inbox.Current.Delivery!.Document.Id);
    }

    /// <summary>Ends the listening session of <paramref name="role"/> and waits until the server has removed it.</summary>
    private async Task TerminateListenerAsync(string role, CancellationToken cancellationToken)
    {
        const string Listeners = "FROM pg_stat_activity WHERE usename = @role AND application_name = @name";
        await using var connection = await _first.Database.OpenAsync(cancellationToken);
        async Task<long> RunAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("role", role);
            command.Parameters.AddWithValue("name", PostgresChangeNotifier.ListenerApplicationName);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(1, await RunAsync($"SELECT count(pg_terminate_backend(pid)) {Listeners}"));
        while (await RunAsync($"SELECT count(*) {Listeners}") > 0) await Task.Delay(20, cancellationToken);
    }
}
