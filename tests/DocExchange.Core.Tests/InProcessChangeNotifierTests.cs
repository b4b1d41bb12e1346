using DocExchange.Core.Agencies;
using DocExchange.Core.Notifications;

namespace DocExchange.Core.Tests;

public sealed class InProcessChangeNotifierTests
{
    private static readonly ChangeTopic Inbox = ChangeTopic.Inbox(AgencyCode.Parse("000.00.00.G12"));

    [Fact]
    public async Task A_publish_wakes_a_subscriber_of_the_topic()
    {
        var notifier = new InProcessChangeNotifier();
        using var signal = notifier.Subscribe(Inbox);

        await notifier.PublishAsync(Inbox, CancellationToken.None);

        await signal.WaitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
    }

    [Fact]
    public async Task Several_publishes_before_a_wait_wake_it_once()
    {
        var notifier = new InProcessChangeNotifier();
        using var signal = notifier.Subscribe(Inbox);
        await notifier.PublishAsync(Inbox, CancellationToken.None);
        await notifier.PublishAsync(Inbox, CancellationToken.None);

        await signal.WaitAsync(CancellationToken.None);
        var second = signal.WaitAsync(CancellationToken.None).AsTask();

        Assert.False(second.IsCompleted);
        await notifier.PublishAsync(Inbox, CancellationToken.None);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Another_topic_does_not_wake_the_subscriber()
    {
        var notifier = new InProcessChangeNotifier();
        using var signal = notifier.Subscribe(Inbox);
        using var cancel = new CancellationTokenSource();

        await notifier.PublishAsync(ChangeTopic.Statuses(Inbox.Agency), CancellationToken.None);
        await notifier.PublishAsync(ChangeTopic.Inbox(AgencyCode.Parse("000.00.00.G22")), CancellationToken.None);
        var wait = signal.WaitAsync(cancel.Token).AsTask();

        Assert.False(wait.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public void Channel_names_suit_postgresql_listen()
    {
        Assert.Equal("dx_inbox_000_00_00_g12", Inbox.ChannelName);
    }

    [Fact]
    public void The_audit_log_topic_concerns_no_agency_and_has_its_own_channel()
    {
        Assert.True(ChangeTopic.AuditLog.Agency.IsEmpty);
        Assert.Equal("dx_audit", ChangeTopic.AuditLog.ChannelName);
    }

    [Fact]
    public async Task An_audit_log_publish_wakes_the_audit_subscriber_only()
    {
        var notifier = new InProcessChangeNotifier();
        using var audit = notifier.Subscribe(ChangeTopic.AuditLog);
        using var inbox = notifier.Subscribe(Inbox);
        using var cancel = new CancellationTokenSource();

        await notifier.PublishAsync(ChangeTopic.AuditLog, CancellationToken.None);

        await audit.WaitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        var inboxWait = inbox.WaitAsync(cancel.Token).AsTask();
        Assert.False(inboxWait.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inboxWait);
    }
}
