using DocExchange.Client.Tests.Infrastructure;

namespace DocExchange.Client.Tests;

/// <summary>Mistakes the client catches itself, before it opens any connection (counted by a relay in front of the server).</summary>
public sealed class LocalValidationTests : ServerTest
{
    [Theory]
    [InlineData("000.00.G22")]
    [InlineData("000.00.00.g22")]
    [InlineData("001.00.00.G22")]
    [InlineData("")]
    public void A_malformed_recipient_code_is_refused_by_the_builder_with_the_expected_form(string code)
    {
        var builder = new DocumentMetadataBuilder();

        var error = Assert.Throws<ArgumentException>(() => builder.To(code));

        Assert.Contains("DDD.CC.BB.Xnn", error.Message);
    }

    [Theory]
    [InlineData("../../victim/.bashrc")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("phụ-lục")]
    public void A_part_id_outside_the_safe_characters_is_refused_by_the_builder_naming_the_rule(string partId)
    {
        var builder = new OutgoingDocumentBuilder();

        var error = Assert.Throws<ArgumentException>(() => builder.Attach(new byte[] { 1 }, "a.txt", "text/plain", partId));

        Assert.Contains("letters A-Z and a-z, digits 0-9, '.', '_' and '-'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_code_stops_the_send_before_any_connection_is_made()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var sender = Server.Agency(LoopbackServer.G22, address: relay.TlsAddress);

        var error = Assert.Throws<ArgumentException>(() => new OutgoingDocumentBuilder().Metadata(m => m.To("000.00.00.H4")));
        await Assert.ThrowsAsync<ArgumentException>(() => sender.GetAgencyAsync("H41", Timeout));
        await Assert.ThrowsAsync<ArgumentException>(() => sender.GetStatusHistoryAsync("000.00.00.G22,2024/01/01,1/VPCP", recipient: "000.00.00.H4", Timeout));

        Assert.Contains("'000.00.00.H4' is malformed", error.Message);
        Assert.Equal(0, relay.AcceptedConnections);
    }

    [Fact]
    public async Task An_incomplete_document_is_refused_before_any_connection_is_made()
    {
        await using var relay = new TcpRelay(Server.TlsPort);
        var sender = Server.Agency(LoopbackServer.G22, address: relay.TlsAddress);

        var noMain = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(
            new OutgoingDocumentBuilder().Metadata(m => m.To(LoopbackServer.H41).Code("1", "VPCP").Subject("Thiếu tệp")), cancellationToken: Timeout));
        var noMetadata = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.SendAsync(
            new OutgoingDocumentBuilder().MainDocument(TestContent.Pdf("x"), "x.pdf"), cancellationToken: Timeout));

        Assert.Contains("main document", noMain.Message);
        Assert.Contains("a recipient (To), the number and notation (Code), the subject (Subject)", noMetadata.Message);
        Assert.Equal(0, relay.AcceptedConnections);
    }

    [Fact]
    public void Malformed_document_fields_are_refused_by_the_builder()
    {
        var metadata = new DocumentMetadataBuilder();

        Assert.Throws<ArgumentException>(() => metadata.Code("78/16", "VPCP"));
        Assert.Throws<ArgumentException>(() => metadata.Code("7816", "VP,CP"));
        Assert.Throws<ArgumentException>(() => metadata.To(LoopbackServer.H41).To(LoopbackServer.H41));
        Assert.Throws<ArgumentException>(() => metadata.Replaces("not-a-document-id"));
        Assert.Throws<ArgumentException>(() => new OutgoingDocumentBuilder().MainDocument(Path.Combine(Temp.Path, "missing.pdf")));
        Assert.Throws<ArgumentException>(() => new OutgoingDocumentBuilder().MainDocument(new NonSeekableStream([1]), "a.pdf"));
    }
}
