using System.Security.Cryptography;
using System.Text;
using DocExchange.Audit.Events;
using DocExchange.Audit.Trail;
using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;
using static DocExchange.Storage.Tests.AuditHarness;

namespace DocExchange.Storage.Tests;

/// <summary>Which audit events the exchange commits, with which fields, read back from the stored leaves.</summary>
public abstract class AuditEventTests(AuditEngine engine) : IAsyncLifetime
{
    private static readonly Sha256Digest SenderCertificate = Sha256Digest.FromBytes(SHA256.HashData("sender certificate"u8));
    private static readonly Sha256Digest FinanceCertificate = Sha256Digest.FromBytes(SHA256.HashData("finance certificate"u8));

    private AuditHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await AuditHarness.CreateAsync(engine);
        await _h.RegisterAsync(Sender, Finance, Tax, NgheAn);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_send_records_one_event_with_the_actor_recipients_part_hashes_and_validation_outcome()
    {
        byte[] report = Encoding.UTF8.GetBytes("<report>TOTAL_PASSED</report>");
        long before = await NextSequenceAsync();

        var (result, main, attachment) = await _h.SendAsync("m-1", [Finance, Tax], ExchangeActor.ForAgency(Sender, SenderCertificate), report, "TOTAL_PASSED");

        var events = await EventsFromAsync(before);
        var sent = Assert.Single(events);
        Assert.Equal(before, sent.Sequence);
        Assert.Equal(new AuditActor(Sender.Value, "agency", SenderCertificate.ToByteArray()), sent.Actor);
        Assert.Equal("document.sent", sent.Action);
        Assert.Equal(result.DocumentId.ToString(), sent.DocumentId);
        Assert.Equal([Finance.Value, Tax.Value], sent.Recipients);
        Assert.Equal(
            [
                new AuditContentHash("main", SHA256.HashData(main)),
                new AuditContentHash("att-1", SHA256.HashData(attachment)),
                new AuditContentHash("validation-report", SHA256.HashData(report)),
            ],
            sent.ContentHashes);
        Assert.Equal("ok", sent.Outcome);
        Assert.Contains("validation=TOTAL_PASSED", sent.Detail);
        Assert.Equal(_h.Clock.GetUtcNow(), sent.Time);
    }

    [Fact]
    public async Task The_stored_leaf_spells_the_certificate_and_part_hashes_in_lowercase_hex()
    {
        long before = await NextSequenceAsync();
        var (_, main, _) = await _h.SendAsync("m-1", [Finance], ExchangeActor.ForAgency(Sender, SenderCertificate));

        var row = (await _h.ReadEventRowsAsync()).Single(r => r.Sequence == before);
        string leaf = Encoding.UTF8.GetString(row.Leaf);

        Assert.StartsWith($"{{\"version\":1,\"sequence\":{before},", leaf);
        Assert.Contains($"\"certificateSha256\":\"{Convert.ToHexStringLower(SHA256.HashData("sender certificate"u8))}\"", leaf);
        Assert.Contains($"{{\"partId\":\"main\",\"sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(main))}\"}}", leaf);
        Assert.Contains($"\"recipients\":[\"{Finance}\"]", leaf);
    }

    [Fact]
    public async Task A_send_without_an_actor_records_the_sender_without_a_certificate_and_without_validation()
    {
        long before = await NextSequenceAsync();

        await _h.SendAsync("m-1", [Finance]);

        var sent = Assert.Single(await EventsFromAsync(before));
        Assert.Equal(new AuditActor(Sender.Value, "agency", []), sent.Actor);
        Assert.Equal(["main", "att-1"], sent.ContentHashes.Select(h => h.PartId));
        Assert.Contains("validation=none", sent.Detail);
    }

    [Fact]
    public async Task A_send_whose_actor_is_another_agency_is_refused_and_records_nothing()
    {
        long before = await NextSequenceAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => _h.SendAsync("m-1", [Finance], ExchangeActor.ForAgency(Tax)));

        Assert.Equal(before, await NextSequenceAsync());
    }

    [Fact]
    public async Task A_repeated_send_records_nothing_more()
    {
        await _h.SendAsync("m-1", [Finance]);
        long before = await NextSequenceAsync();

        var (again, _, _) = await _h.SendAsync("m-1", [Finance]);

        Assert.True(again.Duplicate);
        Assert.Equal(before, await NextSequenceAsync());
    }

    [Fact]
    public async Task A_status_records_the_reporter_with_its_certificate_and_the_recipient()
    {
        var (sent, _, _) = await _h.SendAsync("m-1", [Finance, Tax]);
        long before = await NextSequenceAsync();

        await _h.Service.PostStatusAsync(new StatusPost(Finance, sent.DocumentId.ToString(), StatusCode.Arrived),
            ExchangeActor.ForAgency(Finance, FinanceCertificate), CancellationToken.None);

        var status = Assert.Single(await EventsFromAsync(before));
        Assert.Equal(new AuditActor(Finance.Value, "agency", FinanceCertificate.ToByteArray()), status.Actor);
        Assert.Equal(("status.posted", sent.DocumentId.ToString(), "ok", "status=01"), (status.Action, status.DocumentId, status.Outcome, status.Detail));
        Assert.Equal([Finance.Value], status.Recipients);
        Assert.Empty(status.ContentHashes);
    }

    [Fact]
    public async Task A_recall_records_one_event_per_recipient_asked_with_the_sender_as_actor()
    {
        var (sent, _, _) = await _h.SendAsync("m-1", [Finance, Tax]);
        long before = await NextSequenceAsync();

        await _h.Service.RequestRecallAsync(Sender, sent.DocumentId.ToString(), "sai sót", null, null,
            ExchangeActor.ForAgency(Sender, SenderCertificate), CancellationToken.None);

        var events = await EventsFromAsync(before);
        Assert.Equal([[Finance.Value], [Tax.Value]], events.Select(e => e.Recipients));
        Assert.All(events, e =>
        {
            Assert.Equal(new AuditActor(Sender.Value, "agency", SenderCertificate.ToByteArray()), e.Actor);
            Assert.Equal(("status.posted", "status=13"), (e.Action, e.Detail));
        });
    }

    [Fact]
    public async Task A_semicolon_in_a_deactivation_reason_is_escaped_so_that_it_cannot_add_an_item_to_the_detail()
    {
        var operatorActor = ExchangeActor.ForRole(ExchangeActor.OperatorRole, OperatorCertificate);
        var hauGiang = AgencyCode.Parse("000.00.00.H30");
        await _h.Service.RegisterAgencyAsync(new AgencyRegistration(hauGiang.Value, "UBND tỉnh Hậu Giang"), operatorActor, CancellationToken.None);
        long before = await NextSequenceAsync();

        await _h.Service.DeactivateAgencyAsync(hauGiang.Value, "sáp nhập;reactivated 100%", operatorActor, CancellationToken.None);

        var deactivated = Assert.Single(await EventsFromAsync(before));
        Assert.Equal("agency=000.00.00.H30;reason=sáp nhập%3Breactivated 100%25", deactivated.Detail);
        Assert.Equal(
            [new KeyValuePair<string, string?>("agency", "000.00.00.H30"), new KeyValuePair<string, string?>("reason", "sáp nhập;reactivated 100%")],
            AuditDetail.Parse(deactivated.Detail));
    }

    [Fact]
    public async Task Registry_changes_record_the_operator_role_with_its_certificate()
    {
        var operatorActor = ExchangeActor.ForRole(ExchangeActor.OperatorRole, OperatorCertificate);
        var hauGiang = AgencyCode.Parse("000.00.00.H30");
        long before = await NextSequenceAsync();

        await _h.Service.RegisterAgencyAsync(new AgencyRegistration(hauGiang.Value, "UBND tỉnh Hậu Giang"), operatorActor, CancellationToken.None);
        await _h.Service.DeactivateAgencyAsync(hauGiang.Value, "sáp nhập", operatorActor, CancellationToken.None);
        await _h.Service.UpdateAgencyAsync(new AgencyUpdate(hauGiang.Value, Reactivate: true), operatorActor, CancellationToken.None);

        var events = await EventsFromAsync(before);
        Assert.Equal(["registry.agency_registered", "registry.agency_deactivated", "registry.agency_updated"], events.Select(e => e.Action));
        Assert.Equal(["agency=000.00.00.H30", "agency=000.00.00.H30;reason=sáp nhập", "agency=000.00.00.H30;reactivated"], events.Select(e => e.Detail));
        Assert.All(events, e =>
        {
            Assert.Equal(new AuditActor("", "operator", OperatorCertificate.ToByteArray()), e.Actor);
            Assert.Equal(("", "ok"), (e.DocumentId, e.Outcome));
            Assert.Empty(e.Recipients);
        });
    }

    [Fact]
    public async Task A_denied_call_is_recorded_alone_with_the_next_sequence()
    {
        long before = await NextSequenceAsync();
        var denied = AuditEventRecord.Simple(_h.Clock.GetUtcNow(), ExchangeActor.ForAgency(Tax, FinanceCertificate),
            AuditActions.CallDenied, AuditActions.OutcomeDenied, "method=/docexchange.v1.Registry/RegisterAgency");

        long sequence = await _h.Audit.Trail.RecordAsync(denied, CancellationToken.None);

        Assert.Equal(before, sequence);
        var stored = Assert.Single(await EventsFromAsync(before));
        Assert.Equal(("call.denied", "denied", "method=/docexchange.v1.Registry/RegisterAgency"), (stored.Action, stored.Outcome, stored.Detail));
        Assert.Equal(new AuditActor(Tax.Value, "agency", FinanceCertificate.ToByteArray()), stored.Actor);
    }

    [Fact]
    public async Task Sequences_start_at_zero_and_are_contiguous_in_commit_order()
    {
        var (sent, _, _) = await _h.SendAsync("m-1", [Finance, Tax]);
        await _h.Service.PostStatusAsync(new StatusPost(Tax, sent.DocumentId.ToString(), StatusCode.Arrived), CancellationToken.None);
        await _h.SendAsync("m-2", [NgheAn]);

        var rows = await _h.ReadEventRowsAsync();

        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(rows.Select(r => r.Sequence), rows.Select(r => AuditEventEncoding.Decode(r.Leaf).Sequence));
        Assert.Equal(
            ["registry.agency_registered", "registry.agency_registered", "registry.agency_registered", "registry.agency_registered",
             "document.sent", "status.posted", "document.sent"],
            rows.Select(r => AuditEventEncoding.Decode(r.Leaf).Action));
    }

    [Fact]
    public async Task The_exchange_store_reads_back_the_domain_records_of_the_events()
    {
        long before = await NextSequenceAsync();
        var (sent, main, _) = await _h.SendAsync("m-1", [Finance], ExchangeActor.ForAgency(Sender, SenderCertificate));

        var record = Assert.Single(await _h.Storage.Store.ReadAuditEventsAsync(before, 10, CancellationToken.None));

        Assert.Equal(before, record.Sequence);
        Assert.Equal(ExchangeActor.ForAgency(Sender, SenderCertificate), record.Actor);
        Assert.Equal(sent.DocumentId.ToString(), record.DocumentId);
        Assert.Equal(Sha256Digest.FromBytes(SHA256.HashData(main)), record.ContentHashes[0].Sha256);
    }

    private Task<long> NextSequenceAsync() => _h.Storage.AuditEvents.GetNextSequenceAsync(CancellationToken.None);

    private async Task<List<AuditEvent>> EventsFromAsync(long sequence) =>
        (await _h.ReadEventRowsAsync()).Where(r => r.Sequence >= sequence).Select(r => AuditEventEncoding.Decode(r.Leaf)).ToList();
}

public sealed class SqliteAuditEventTests() : AuditEventTests(AuditEngine.Sqlite);

public sealed class PostgresAuditEventTests() : AuditEventTests(AuditEngine.Postgres);
