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
}
