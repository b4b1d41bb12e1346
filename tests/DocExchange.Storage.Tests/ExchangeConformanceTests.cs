using DocExchange.Core;
using DocExchange.Core.Agencies;
using DocExchange.Core.Delivery;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;
using DocExchange.Core.Exchange;
using DocExchange.Core.Notifications;
using DocExchange.Core.Statuses;

namespace DocExchange.Storage.Tests;

/// <summary>
/// The behaviour every storage engine must give the exchange, driven through the real <see cref="ExchangeService"/>.
/// An engine runs it by deriving and supplying <see cref="CreateStorageAsync"/>.
/// </summary>
public abstract partial class ExchangeConformanceTests : IAsyncLifetime
{
    protected static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    protected static readonly AgencyCode Finance = AgencyCode.Parse("000.00.00.G12");
    protected static readonly AgencyCode Tax = AgencyCode.Parse("000.00.18.G12");
    protected static readonly AgencyCode NgheAn = AgencyCode.Parse("000.00.00.H41");
    protected static readonly AgencyCode Outsider = AgencyCode.Parse("000.00.00.H30");

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected StorageUnderTest Storage { get; private set; } = null!;
    protected ExchangeService Service { get; private set; } = null!;
    protected ManualClock Clock { get; } = new(new DateTimeOffset(2024, 5, 10, 3, 0, 0, TimeSpan.Zero));

    protected abstract Task<StorageUnderTest> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        Storage = await CreateStorageAsync();
        Service = new ExchangeService(Storage.Store, Storage.Blobs, Storage.Notifier, new ExchangeOptions(), Clock);
        foreach (var (code, name) in new[] { (Sender, "Văn phòng Chính phủ"), (Finance, "Bộ Tài chính"), (Tax, "Tổng cục Thuế"), (NgheAn, "UBND tỉnh Nghệ An"), (Outsider, "UBND tỉnh Hậu Giang") })
        {
            await Service.RegisterAgencyAsync(new AgencyRegistration(code.Value, name), "operator", CancellationToken.None);
        }
    }

    public async Task DisposeAsync() => await Storage.DisposeAsync();

    protected static OutgoingDocument Outgoing(
        string messageId, IReadOnlyList<AgencyCode> recipients, IReadOnlyList<PartDeclaration> parts, string number = "7816", AgencyCode? sender = null) =>
        new(sender ?? Sender, messageId, recipients.Select(r => r.Value).ToList(), number, "VPCP-TTĐT", new DateOnly(2024, 5, 10),
            "Về việc triển khai", BusinessDocType.New, null, new byte[] { 1, 2, 3 }, parts);

    protected static PartDeclaration Declare(string partId, byte[] data, PartKind kind = PartKind.Attachment, bool withHash = true) =>
        new(partId, kind, partId + ".pdf", "application/pdf", data.Length, withHash ? Content.Sha256(data) : null);

    /// <summary>Sends a main PDF and an attachment to the recipients.</summary>
    protected async Task<(SendResult Result, byte[] Main, byte[] Attachment)> SendAsync(
        string messageId, IReadOnlyList<AgencyCode> recipients, string number = "7816", int seed = 1, int mainSize = 5000)
    {
        var main = Content.Bytes(mainSize, seed);
        var attachment = Content.Bytes(2500, seed + 1000);
        var result = await Service.SendAsync(
            Outgoing(messageId, recipients, [Declare("main", main, PartKind.Main), Declare("att-1", attachment)], number),
            Content.Chunks([("main", main), ("att-1", attachment)]),
            CancellationToken.None);
        return (result, main, attachment);
    }

    protected async Task<Dictionary<string, long>> CountAllAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in new[] { "documents", "document_parts", "trace_hops", "deliveries", "inbox_entries", "statuses", "audit_events", "part_contents" })
        {
            counts[table] = await Storage.CountRowsAsync(table);
        }
        counts["blob files"] = Storage.CountBlobFiles();
        return counts;
    }

    protected static CancellationTokenSource Timeout() => new(Patience);

    /// <summary>Reads a subscription until its "caught up" marker; returns the deliveries before it.</summary>
    protected static async Task<List<InboxDelivery>> ReadUntilCaughtUpAsync(IAsyncEnumerator<InboxEvent> inbox)
    {
        var deliveries = new List<InboxDelivery>();
        while (true)
        {
            Assert.True(await inbox.MoveNextAsync(), "the inbox stream ended");
            if (inbox.Current.IsCaughtUp) return deliveries;
            deliveries.Add(inbox.Current.Delivery!);
        }
    }

    protected async Task<List<InboxDelivery>> BacklogAsync(AgencyCode recipient, long afterCursor)
    {
        using var cancel = Timeout();
        await using var inbox = Service.SubscribeInboxAsync(recipient, afterCursor, cancel.Token).GetAsyncEnumerator();
        return await ReadUntilCaughtUpAsync(inbox);
    }

    protected Task<StatusRecord> PostAsync(AgencyCode reporter, SendResult sent, StatusCode code, string? description = null, string? messageId = null) =>
        Service.PostStatusAsync(new StatusPost(reporter, sent.DocumentId.ToString(), code, description, MessageId: messageId), CancellationToken.None);

    protected static async Task<ExchangeException> RefusedAsync(ExchangeErrorKind kind, Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<ExchangeException>(action);
        Assert.Equal(kind, error.Kind);
        return error;
    }
}
