using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using DocExchange.Core.Errors;

namespace DocExchange.Storage.Tests;

public abstract partial class ExchangeConformanceTests
{
    [Fact]
    public async Task A_send_commits_document_parts_route_inbox_entries_and_audit_event_together()
    {
        var before = await CountAllAsync();

        var (result, main, attachment) = await SendAsync("m-1", [Finance, Tax]);

        var after = await CountAllAsync();
        Assert.Equal(before["documents"] + 1, after["documents"]);
        Assert.Equal(before["document_parts"] + 2, after["document_parts"]);
        Assert.Equal(before["trace_hops"] + 1, after["trace_hops"]);
        Assert.Equal(before["deliveries"] + 2, after["deliveries"]);
        Assert.Equal(before["inbox_entries"] + 2, after["inbox_entries"]);
        Assert.Equal(before["audit_events"] + 1, after["audit_events"]);
        // Two contents stored, in files or in the database (ContentConformanceTests says which).
        Assert.Equal(before["blob files"] + before["part_contents"] + 2, after["blob files"] + after["part_contents"]);
        Assert.False(result.Duplicate);
        Assert.Equal("000.00.00.G22,2024/05/10,7816/VPCP-TTĐT", result.DocumentId.ToString());
        Assert.Equal([Finance, Tax], result.Document.Recipients);
        Assert.Equal(Convert.ToHexStringLower(Content.Sha256(main)), result.Document.Parts[0].Sha256.Hex);
        Assert.Equal(Convert.ToHexStringLower(Content.Sha256(attachment)), result.Document.Parts[1].Sha256.Hex);
        Assert.Equal(attachment.Length, result.Document.Parts[1].Size);
        var events = await Storage.Store.ReadAuditEventsAsync(0, 100, CancellationToken.None);
        var sendEvent = Assert.Single(events, e => e.Action == "document.sent");
        Assert.Equal((Sender.Value, result.DocumentId.ToString(), "ok"), (sendEvent.Actor.OrganId, sendEvent.DocumentId, sendEvent.Outcome));
    }

    [Fact]
    public async Task The_stored_document_reads_back_with_header_parts_and_route()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);

        var stored = await Service.GetDocumentAsync(Finance, result.DocumentId.ToString(), CancellationToken.None);

        Assert.Equal(new byte[] { 1, 2, 3 }, stored.Header.ToArray());
        Assert.Equal(["main", "att-1"], stored.Parts.Select(p => p.PartId));
        Assert.Equal([PartKind.Main, PartKind.Attachment], stored.Parts.Select(p => p.Kind));
        var hop = Assert.Single(stored.Trace);
        Assert.Equal(Sender, hop.OrganId);
        Assert.Equal(Clock.GetUtcNow(), hop.Timestamp);
        Assert.Equal(Clock.GetUtcNow(), stored.AcceptedAt);
    }

    [Fact]
    public async Task A_stream_that_breaks_mid_send_leaves_nothing_stored()
    {
        var before = await CountAllAsync();
        var main = Content.Bytes(5000, 1);
        var attachment = Content.Bytes(5000, 2);

        await Assert.ThrowsAsync<IOException>(() => Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main), Declare("att-1", attachment)]),
            Content.FailingAfter([("main", main), ("att-1", attachment)], failAfterBytes: 7000),
            CancellationToken.None));

        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task A_part_shorter_than_declared_leaves_nothing_stored()
    {
        var before = await CountAllAsync();
        var main = Content.Bytes(5000, 1);
        var declared = Declare("main", main, PartKind.Main, withHash: false) with { Size = 5001 };

        var error = await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.SendAsync(
            Outgoing("m-1", [Finance], [declared]), Content.Chunks([("main", main)]), CancellationToken.None));

        Assert.Contains("has 5000 bytes but its declared size is 5001", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task A_part_longer_than_declared_is_refused_as_soon_as_it_overflows_and_leaves_nothing_stored()
    {
        var before = await CountAllAsync();
        var main = Content.Bytes(5000, 1);
        var attachment = Content.Bytes(3000, 2);
        var declared = Declare("main", main, PartKind.Main, withHash: false) with { Size = 4000 };

        var error = await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.SendAsync(
            Outgoing("m-1", [Finance], [declared, Declare("att-1", attachment)]),
            Content.Chunks([("main", main), ("att-1", attachment)]), CancellationToken.None));

        Assert.Contains("longer than its declared size of 4000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task A_part_whose_hash_differs_from_the_declared_one_leaves_nothing_stored()
    {
        var before = await CountAllAsync();
        var main = Content.Bytes(5000, 1);
        var attachment = Content.Bytes(3000, 2);
        var wrongHash = Declare("att-1", attachment) with { Sha256 = Content.Sha256(main) };

        var error = await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.SendAsync(
            Outgoing("m-1", [Finance], [Declare("main", main, PartKind.Main), wrongHash]),
            Content.Chunks([("main", main), ("att-1", attachment)]), CancellationToken.None));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task Chunks_out_of_declared_order_are_refused_and_leave_nothing_stored()
    {
        var before = await CountAllAsync();
        var main = Content.Bytes(3000, 1);
        var attachment = Content.Bytes(3000, 2);

        var error = await RefusedAsync(ExchangeErrorKind.InvalidArgument, () => Service.SendAsync(
            Outgoing("m-1", [Finance], [Declare("main", main, PartKind.Main), Declare("att-1", attachment)]),
            Content.Chunks([("main", main), ("att-1", attachment[..1000]), ("main", main[..10]), ("att-1", attachment[1000..])]), CancellationToken.None));

        Assert.Contains("contiguously", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task An_exact_repeat_with_declared_hashes_returns_the_first_result_without_reading_or_storing_anything()
    {
        var (first, main, attachment) = await SendAsync("m-1", [Finance, Tax]);
        var before = await CountAllAsync();

        var again = await Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main), Declare("att-1", attachment)]), Content.MustNotBeRead(), CancellationToken.None);

        await AssertRepeatOfAsync(first, again, before);
    }

    [Fact]
    public async Task An_exact_repeat_without_declared_hashes_is_measured_and_returns_the_first_result_storing_nothing()
    {
        var (first, main, attachment) = await SendAsync("m-1", [Finance, Tax]);
        var before = await CountAllAsync();

        var again = await Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main, withHash: false), Declare("att-1", attachment, withHash: false)]),
            Content.Chunks([("main", main), ("att-1", attachment)]), CancellationToken.None);

        await AssertRepeatOfAsync(first, again, before);
    }

    [Fact]
    public async Task A_repeat_with_another_number_is_refused_naming_it_and_audited_without_reading_the_content()
    {
        var (first, main, attachment) = await SendAsync("m-1", [Finance, Tax]);
        var before = await CountAllAsync();

        var error = await Assert.ThrowsAsync<ExchangeException>(() => Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main), Declare("att-1", attachment)], number: "9999"),
            Content.MustNotBeRead(), CancellationToken.None));

        Assert.Equal(ExchangeErrorKind.AlreadyExists, error.Kind);
        Assert.Contains("the number (số)", error.Message, StringComparison.Ordinal);
        AssertOnlyOneMoreAuditEvent(before, await CountAllAsync());
        var conflict = (await Storage.Store.ReadAuditEventsAsync(0, 100, CancellationToken.None))[^1];
        Assert.Equal(("document.send_conflict", "denied", first.DocumentId.ToString(), "messageId=m-1;differs=number"),
            (conflict.Action, conflict.Outcome, conflict.DocumentId, conflict.Detail));
        Assert.Equal(Sender.Value, conflict.Actor.OrganId);
    }

    [Fact]
    public async Task A_repeat_with_another_header_is_refused_without_reading_the_content()
    {
        var (_, main, attachment) = await SendAsync("m-1", [Finance, Tax]);
        var before = await CountAllAsync();

        var error = await Assert.ThrowsAsync<ExchangeException>(() => Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main), Declare("att-1", attachment)]) with { Header = new byte[] { 1, 2, 4 } },
            Content.MustNotBeRead(), CancellationToken.None));

        Assert.Equal(ExchangeErrorKind.AlreadyExists, error.Kind);
        Assert.Contains("the edXML header", error.Message, StringComparison.Ordinal);
        AssertOnlyOneMoreAuditEvent(before, await CountAllAsync());
    }

    [Fact]
    public async Task A_repeat_whose_undeclared_content_differs_is_refused_naming_the_part_and_audited_storing_nothing()
    {
        var (first, main, attachment) = await SendAsync("m-1", [Finance, Tax]);
        var before = await CountAllAsync();
        var changed = attachment.ToArray();
        changed[100] ^= 0x20;

        var error = await Assert.ThrowsAsync<ExchangeException>(() => Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main, withHash: false), Declare("att-1", changed, withHash: false)]),
            Content.Chunks([("main", main), ("att-1", changed)]), CancellationToken.None));

        Assert.Equal(ExchangeErrorKind.AlreadyExists, error.Kind);
        Assert.Contains($"the content of part 'att-1': SHA-256 {first.Document.Parts[1].Sha256} was stored, {Convert.ToHexStringLower(Content.Sha256(changed))} is sent", error.Message, StringComparison.Ordinal);
        AssertOnlyOneMoreAuditEvent(before, await CountAllAsync());
        var conflict = (await Storage.Store.ReadAuditEventsAsync(0, 100, CancellationToken.None))[^1];
        Assert.Equal(("document.send_conflict", "messageId=m-1;differs=sha256;part=att-1"), (conflict.Action, conflict.Detail));
    }

    private static void AssertOnlyOneMoreAuditEvent(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        Assert.Equal(before["audit_events"] + 1, after["audit_events"]);
        Assert.Equal(before.Where(c => c.Key != "audit_events"), after.Where(c => c.Key != "audit_events"));
    }

    [Fact]
    public async Task The_same_number_and_notation_under_a_new_message_id_is_refused_before_any_content()
    {
        await SendAsync("m-1", [Finance]);
        var before = await CountAllAsync();
        var main = Content.Bytes(10, 3);

        var error = await RefusedAsync(ExchangeErrorKind.AlreadyExists, () => Service.SendAsync(
            Outgoing("m-2", [Finance], [Declare("main", main, PartKind.Main)]), Content.MustNotBeRead(), CancellationToken.None));

        Assert.Contains("000.00.00.G22,2024/05/10,7816/VPCP-TTĐT already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task An_unknown_recipient_is_refused_before_any_content_with_nothing_stored()
    {
        var before = await CountAllAsync();
        var unknown = AgencyCode.Parse("000.00.00.H99");
        var main = Content.Bytes(10, 3);

        var error = await RefusedAsync(ExchangeErrorKind.NotFound, () => Service.SendAsync(
            Outgoing("m-1", [Finance, unknown], [Declare("main", main, PartKind.Main)]), Content.MustNotBeRead(), CancellationToken.None));

        Assert.Contains("000.00.00.H99 is not registered", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task An_inactive_recipient_is_refused_before_any_content_with_nothing_stored()
    {
        await Service.DeactivateAgencyAsync(Tax.Value, "merged", "operator", CancellationToken.None);
        var before = await CountAllAsync();
        var main = Content.Bytes(10, 3);

        var error = await RefusedAsync(ExchangeErrorKind.FailedPrecondition, () => Service.SendAsync(
            Outgoing("m-1", [Finance, Tax], [Declare("main", main, PartKind.Main)]), Content.MustNotBeRead(), CancellationToken.None));

        Assert.Contains("000.00.18.G12 is deactivated", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task An_unregistered_sender_is_refused_with_nothing_stored()
    {
        var before = await CountAllAsync();
        var main = Content.Bytes(10, 3);

        await RefusedAsync(ExchangeErrorKind.PermissionDenied, () => Service.SendAsync(
            Outgoing("m-1", [Finance], [Declare("main", main, PartKind.Main)], sender: AgencyCode.Parse("000.00.00.H01")),
            Content.MustNotBeRead(), CancellationToken.None));

        Assert.Equal(before, await CountAllAsync());
    }

    [Fact]
    public async Task A_document_fans_out_to_fifty_recipients()
    {
        var recipients = Enumerable.Range(1, 50).Select(i => AgencyCode.Parse($"000.00.{i:00}.H41")).ToList();
        foreach (var code in recipients)
        {
            await Service.RegisterAgencyAsync(new AgencyRegistration(code.Value, $"Sở {code}"), "operator", CancellationToken.None);
        }

        var (result, _, _) = await SendAsync("m-50", recipients);

        Assert.Equal(recipients, result.Document.Recipients);
        Assert.Equal(50, await Storage.CountRowsAsync("inbox_entries"));
        foreach (var code in recipients)
        {
            var delivery = Assert.Single(await BacklogAsync(code, 0));
            Assert.Equal(result.DocumentId, delivery.Document.Id);
            Assert.True(delivery.Pending);
        }
    }

    [Fact]
    public async Task Equal_content_is_stored_once_and_serves_both_documents()
    {
        var (first, main, _) = await SendAsync("m-1", [Finance], number: "1", seed: 7);
        var storedAfterFirst = (Storage.CountBlobFiles(), await Storage.CountRowsAsync("part_contents"));

        var (second, _, _) = await SendAsync("m-2", [Tax], number: "2", seed: 7);

        Assert.Equal(storedAfterFirst, (Storage.CountBlobFiles(), await Storage.CountRowsAsync("part_contents")));
        Assert.Equal(first.Document.Parts[0].Sha256, second.Document.Parts[0].Sha256);
        await using var part = await Service.OpenPartAsync(Tax, second.DocumentId.ToString(), "main", CancellationToken.None);
        Assert.Equal(main, await ReadAllAsync(part.Content));
    }

    [Fact]
    public async Task Fetching_a_part_returns_the_sent_bytes_and_their_hash()
    {
        var (result, main, attachment) = await SendAsync("m-1", [Finance]);

        await using var mainPart = await Service.OpenPartAsync(Finance, result.DocumentId.ToString(), "main", CancellationToken.None);
        await using var attachmentPart = await Service.OpenPartAsync(Sender, result.DocumentId.ToString(), "att-1", CancellationToken.None);

        Assert.Equal(main, await ReadAllAsync(mainPart.Content));
        Assert.Equal(Content.Sha256(main), mainPart.Part.Sha256.ToByteArray());
        Assert.Equal(attachment, await ReadAllAsync(attachmentPart.Content));
        Assert.Equal(Content.Sha256(attachment), attachmentPart.Part.Sha256.ToByteArray());
    }

    [Fact]
    public async Task A_document_is_not_found_for_an_agency_that_neither_sent_nor_received_it()
    {
        var (result, _, _) = await SendAsync("m-1", [Finance]);

        var error = await RefusedAsync(ExchangeErrorKind.NotFound,
            () => Service.OpenPartAsync(Outsider, result.DocumentId.ToString(), "main", CancellationToken.None));
        await RefusedAsync(ExchangeErrorKind.NotFound,
            () => Service.GetDocumentAsync(Outsider, result.DocumentId.ToString(), CancellationToken.None));
        await RefusedAsync(ExchangeErrorKind.NotFound,
            () => Service.OpenPartAsync(Finance, result.DocumentId.ToString(), "no-such-part", CancellationToken.None));
        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A repeat answered as the first send's duplicate, with nothing more stored.</summary>
    private async Task AssertRepeatOfAsync(SendResult first, SendResult again, Dictionary<string, long> before)
    {
        Assert.True(again.Duplicate);
        Assert.Equal(first.DocumentId, again.DocumentId);
        Assert.Equal(first.Document.Recipients, again.Document.Recipients);
        Assert.Equal(first.Document.Parts, again.Document.Parts);
        Assert.Equal(before, await CountAllAsync());
    }

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
