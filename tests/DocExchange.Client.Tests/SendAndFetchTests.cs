using System.Security.Cryptography;
using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using Priority = DocExchange.Protocol.V1.Priority;

namespace DocExchange.Client.Tests;

public sealed class SendAndFetchTests : ServerTest
{
    [Fact]
    public async Task A_document_sent_from_files_is_fetched_back_to_a_file_with_the_same_bytes_and_hash()
    {
        var pdf = TestContent.Pdf("Cong van 101");
        var annex = TestContent.Random(150_000, seed: 1);
        File.WriteAllBytes(Temp.File("congvan.pdf"), pdf);
        File.WriteAllBytes(Temp.File("phu-luc.xlsx"), annex);
        var sender = Server.Agency(LoopbackServer.G22);
        var recipient = Server.Agency(LoopbackServer.H41);

        var sent = await sender.SendAsync(new OutgoingDocumentBuilder()
            .Metadata(m => m
                .To(LoopbackServer.H41)
                .Code("101", "VPCP-TTĐT")
                .Subject("Về việc triển khai trục liên thông văn bản")
                .Type(1, "Công văn")
                .Signer("Nguyễn Văn A", "Bộ trưởng", "KT.")
                .Priority(Priority.Urgent)
                .DueDate(new DateOnly(2030, 1, 31)))
            .MainDocument(Temp.File("congvan.pdf"))
            .Attach(Temp.File("phu-luc.xlsx")), cancellationToken: Timeout);

        Assert.False(sent.Duplicate);
        Assert.Equal([LoopbackServer.H41], sent.Recipients);
        Assert.Equal(SHA256.HashData(pdf), sent.Parts[0].Sha256.ToByteArray());
        Assert.Equal(SHA256.HashData(annex), sent.Parts[1].Sha256.ToByteArray());

        var main = await recipient.FetchAsync(sent.DocumentId, Temp.File("fetched.pdf"), cancellationToken: Timeout);
        Assert.Equal(pdf, File.ReadAllBytes(Temp.File("fetched.pdf")));
        Assert.Equal("congvan.pdf", main.Parts.Single().FileName);
        Assert.Equal(SHA256.HashData(pdf), main.Parts.Single().Sha256.ToByteArray());

        var attachment = await recipient.FetchAsync(sent.DocumentId, Temp.File("fetched.xlsx"), partId: "att-1", cancellationToken: Timeout);
        Assert.Equal(annex, File.ReadAllBytes(Temp.File("fetched.xlsx")));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.Parts.Single().ContentType);
        Assert.Equal("Nguyễn Văn A", attachment.Header.SignerInfo.FullName);
        Assert.Equal(Priority.Urgent, attachment.Header.OtherInfo.Priority);
        Assert.Equal("2030/01/31", attachment.Header.DueDate);
    }

    [Fact]
    public async Task A_document_sent_from_a_stream_and_bytes_is_fetched_back_into_a_stream()
    {
        var pdf = TestContent.LargePdf(200_000, seed: 2);
        var annex = TestContent.Random(70_000, seed: 3);
        var sender = Server.Agency(LoopbackServer.G22);

        var sent = await sender.SendAsync(Document("102", [])
            .MainDocument(new NonSeekableStream(pdf), "congvan.pdf", length: pdf.Length)
            .Attach(annex, "phu-luc.zip"), cancellationToken: Timeout);

        var fetched = new MemoryStream();
        var header = await Server.Agency(LoopbackServer.H41).FetchAsync(sent.DocumentId, fetched, cancellationToken: Timeout);
        Assert.Equal(pdf, fetched.ToArray());
        Assert.Equal(OutgoingDocumentBuilder.MainPartId, header.Parts.Single().PartId);

        var fetchedAnnex = new MemoryStream();
        await Server.Agency(LoopbackServer.H41).FetchAsync(sent.DocumentId, fetchedAnnex, "att-1", cancellationToken: Timeout);
        Assert.Equal(annex, fetchedAnnex.ToArray());
        Assert.Equal(SHA256.HashData(annex), sent.Parts[1].Sha256.ToByteArray());
    }

    [Fact]
    public async Task A_seekable_stream_is_sent_from_its_current_position()
    {
        var prefix = new byte[] { 1, 2, 3, 4, 5 };
        var pdf = TestContent.Pdf("Cong van 103");
        var stream = new MemoryStream([.. prefix, .. pdf]) { Position = prefix.Length };

        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("103", []).MainDocument(stream, "congvan.pdf"), cancellationToken: Timeout);

        Assert.Equal(pdf.Length, sent.Parts[0].Size);
        Assert.Equal(SHA256.HashData(pdf), sent.Parts[0].Sha256.ToByteArray());
    }

    [Fact]
    public async Task Fetching_all_parts_writes_each_to_its_file_in_the_folder()
    {
        var pdf = TestContent.Pdf("Cong van 104");
        var annex = TestContent.Random(10_000, seed: 4);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(
            Document("104", pdf).Attach(annex, "../bang-ke.csv").Attach(Array.Empty<byte>(), "trong.txt"), cancellationToken: Timeout);

        var folder = Temp.File("inbox");
        var fetched = await Server.Agency(LoopbackServer.H41).FetchAllAsync(sent.DocumentId, folder, cancellationToken: Timeout);

        Assert.Equal(pdf, File.ReadAllBytes(Path.Combine(folder, "congvan-104.pdf")));
        Assert.Equal(annex, File.ReadAllBytes(Path.Combine(folder, "bang-ke.csv")));
        Assert.Empty(File.ReadAllBytes(Path.Combine(folder, "trong.txt")));
        Assert.Equal(3, fetched.Files.Count);
        Assert.Equal(Path.Combine(folder, "bang-ke.csv"), fetched.Files["att-1"]);
        Assert.Equal(3, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public async Task Send_and_fetch_report_progress_chunk_by_chunk_up_to_the_total()
    {
        var pdf = TestContent.LargePdf(300_000, seed: 5);
        var annex = TestContent.Random(20_000, seed: 6);
        var sendProgress = new RecordingProgress();

        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("105", pdf).Attach(annex, "a.bin"), sendProgress, Timeout);

        // 64 KiB chunks: five for the main document, one for the attachment.
        Assert.Equal(6, sendProgress.Reports.Count);
        Assert.All(sendProgress.Reports, r => Assert.Equal(320_000, r.TotalSize));
        Assert.Equal(sendProgress.Reports.Select(r => r.BytesTransferred).Order(), sendProgress.Reports.Select(r => r.BytesTransferred));
        Assert.Equal(new TransferProgress("main", 300_000, 300_000, 300_000, 320_000), sendProgress.Reports[4]);
        Assert.Equal(new TransferProgress("att-1", 20_000, 20_000, 320_000, 320_000), sendProgress.Reports[5]);

        var fetchProgress = new RecordingProgress();
        await Server.Agency(LoopbackServer.H41).FetchAsync(sent.DocumentId, new MemoryStream(), progress: fetchProgress, cancellationToken: Timeout);
        Assert.True(fetchProgress.Reports.Count > 1);
        Assert.Equal(new TransferProgress("main", 300_000, 300_000, 300_000, 300_000), fetchProgress.Reports[^1]);
    }

    [Fact]
    public async Task A_part_that_does_not_exist_is_not_found_and_leaves_no_file()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("106"), cancellationToken: Timeout);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            Server.Agency(LoopbackServer.H41).FetchAsync(sent.DocumentId, Temp.File("missing.bin"), partId: "att-9", cancellationToken: Timeout));

        Assert.Equal(Grpc.Core.StatusCode.NotFound, error.StatusCode);
        Assert.Contains("att-9", error.Detail);
        Assert.Empty(Directory.GetFiles(Temp.Path));
    }

    [Fact]
    public async Task Content_corrupted_in_the_store_fails_the_fetch_and_leaves_no_partial_file()
    {
        var pdf = TestContent.LargePdf(400_000, seed: 7);
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("107", pdf), cancellationToken: Timeout);
        var blob = Directory.GetFiles(Path.Combine(Server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories)
            .Single(f => new FileInfo(f).Length == pdf.Length);
        var stored = File.ReadAllBytes(blob);
        stored[^1] ^= 0xFF;
        File.WriteAllBytes(blob, stored);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            Server.Agency(LoopbackServer.H41).FetchAsync(sent.DocumentId, Temp.File("corrupt.pdf"), cancellationToken: Timeout));

        // The server notices as it reads the blob, after some content has been written to the file.
        Assert.Contains("corrupted", error.Detail);
        Assert.Empty(Directory.GetFiles(Temp.Path));
    }

    private sealed class RecordingProgress : IProgress<TransferProgress>
    {
        public List<TransferProgress> Reports { get; } = [];

        public void Report(TransferProgress value) => Reports.Add(value);
    }
}
