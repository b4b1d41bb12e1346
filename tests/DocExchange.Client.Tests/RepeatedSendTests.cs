using DocExchange.Testing.Storage;
using DocExchange.Client.Tests.Infrastructure;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>
/// A message id names one document: sending it again with the same document is answered with the first result, with
/// anything else (header, recipients, a part's content) refused as ALREADY_EXISTS naming the difference, stored
/// nowhere, and recorded in the audit trail as <c>document.send_conflict</c>.
/// </summary>
public sealed class RepeatedSendTests : ServerTest
{
    private const string MessageId = "qlvb-2024-000301";
    private const string H30 = "000.00.00.H30";

    [Fact]
    public async Task The_same_document_from_a_stream_read_once_is_compared_after_its_upload_and_answered_as_a_duplicate()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var pdf = TestContent.LargePdf(300_000, seed: 31);
        var first = await sender.SendAsync(Document("301", pdf).WithMessageId(MessageId), cancellationToken: Timeout);

        var again = await sender.SendAsync(
            Document("301", []).MainDocument(new NonSeekableStream(pdf), "congvan-301.pdf", pdf.Length).WithMessageId(MessageId), cancellationToken: Timeout);

        Assert.True(again.Duplicate);
        Assert.Equal(first.DocumentId, again.DocumentId);
        Assert.Equal(first.Parts, again.Parts);
        await AssertNothingNewAsync(first, conflicts: 0);
    }

    [Fact]
    public async Task Another_subject_under_a_used_message_id_is_refused_naming_the_subject_and_audited()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var first = await sender.SendAsync(Document("302").WithMessageId(MessageId), cancellationToken: Timeout);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendAsync(
            Document("302").Metadata(m => m.Subject("Một trích yếu khác")).WithMessageId(MessageId), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("subject", error.Detail, StringComparison.Ordinal);
        Assert.Contains(first.DocumentId, error.Detail, StringComparison.Ordinal);
        Assert.Contains(MessageId, error.Detail, StringComparison.Ordinal);
        var conflict = await AssertNothingNewAsync(first, conflicts: 1);
        Assert.Equal($"messageId={MessageId};differs=header.subject", conflict.Detail);
    }

    [Fact]
    public async Task Other_recipients_under_a_used_message_id_are_refused_naming_the_recipients_and_audited()
    {
        await Server.Operator().RegisterAgencyAsync(H30, "UBND tỉnh Hậu Giang", cancellationToken: Timeout);
        var sender = Server.Agency(LoopbackServer.G22);
        var first = await sender.SendAsync(Document("303").WithMessageId(MessageId), cancellationToken: Timeout);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendAsync(
            Document("303").Metadata(m => m.To(H30)).WithMessageId(MessageId), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("recipients", error.Detail, StringComparison.Ordinal);
        var conflict = await AssertNothingNewAsync(first, conflicts: 1);
        Assert.Equal($"messageId={MessageId};differs=header.to", conflict.Detail);
        var sent = Assert.Single((await sender.ListSentAsync(cancellationToken: Timeout)).Documents);
        Assert.Equal([LoopbackServer.H41], sent.Recipients);
    }

    [Fact]
    public async Task Other_content_of_the_same_size_under_a_used_message_id_is_refused_before_the_upload_naming_the_part()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var pdf = TestContent.LargePdf(8 * 1024 * 1024, seed: 32);
        var first = await sender.SendAsync(Document("304", pdf).WithMessageId(MessageId), cancellationToken: Timeout);
        var changed = TestContent.LargePdf(pdf.Length, seed: 33);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendAsync(Document("304", changed).WithMessageId(MessageId), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("content of part 'main'", error.Detail, StringComparison.Ordinal);
        var conflict = await AssertNothingNewAsync(first, conflicts: 1);
        Assert.Equal($"messageId={MessageId};differs=sha256;part=main", conflict.Detail);
    }

    [Fact]
    public async Task Other_content_from_a_stream_read_once_is_refused_after_its_upload_naming_the_part()
    {
        var sender = Server.Agency(LoopbackServer.G22);
        var attachment = TestContent.Random(200_000, seed: 34);
        var first = await sender.SendAsync(Document("305").Attach(attachment, "phu-luc.bin").WithMessageId(MessageId), cancellationToken: Timeout);
        var changed = attachment.ToArray();
        changed[^1] ^= 1;

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => sender.SendAsync(
            Document("305").Attach(new NonSeekableStream(changed), "phu-luc.bin", changed.Length, partId: "att-1").WithMessageId(MessageId), cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.AlreadyExists, error.StatusCode);
        var stored = first.Parts[1];
        Assert.Contains($"content of part '{stored.PartId}'", error.Detail, StringComparison.Ordinal);
        var conflict = await AssertNothingNewAsync(first, conflicts: 1);
        Assert.Equal($"messageId={MessageId};differs=sha256;part={stored.PartId}", conflict.Detail);
    }

    /// <summary>
    /// One document sent and received, one stored content per distinct content of the first send, no temporary blob, and
    /// <paramref name="conflicts"/> conflict events naming the sender's certificate and the stored document; returns the last.
    /// </summary>
    private async Task<Protocol.V1.AuditEvent> AssertNothingNewAsync(Protocol.V1.SendResponse first, int conflicts)
    {
        var documentId = first.DocumentId;
        var sent = Assert.Single((await Server.Agency(LoopbackServer.G22).ListSentAsync(cancellationToken: Timeout)).Documents);
        Assert.Equal(documentId, sent.DocumentId);
        Assert.Single((await Server.Agency(LoopbackServer.H41).ListReceivedAsync(cancellationToken: Timeout)).Documents);
        Assert.Equal(first.Parts.Select(p => p.Sha256).Distinct().Count(), (await StoredContents.ReadAsync(Server.DataDirectory)).Count);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Server.DataDirectory, "blobs", ".tmp")));

        var events = new List<Protocol.V1.AuditEvent>();
        await foreach (var entry in Server.Auditor().QueryEventsAsync(new AuditEventFilter { Actions = ["document.send_conflict"] }, cancellationToken: Timeout))
        {
            events.Add(entry.Event);
        }
        Assert.Equal(conflicts, events.Count);
        if (conflicts == 0)
        {
            return null!;
        }
        var conflict = events[^1];
        Assert.Equal((LoopbackServer.G22, "agency", "denied", documentId), (conflict.Actor.OrganId, conflict.Actor.Role, conflict.Outcome, conflict.DocumentId));
        Assert.False(conflict.Actor.CertificateSha256.IsEmpty);
        return conflict;
    }
}
