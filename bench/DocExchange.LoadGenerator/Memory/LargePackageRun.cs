using System.Diagnostics;
using System.Security.Cryptography;
using DocExchange.Bench;
using DocExchange.Core.Agencies;
using DocExchange.EdXml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Writing;
using DocExchange.LoadGenerator.Hosting;
using DocExchange.LoadGenerator.Load;
using DocExchange.LoadGenerator.Results;
using DocExchange.Signing.Pades;

namespace DocExchange.LoadGenerator.Memory;

/// <summary>
/// One large edXML package (500 MiB of attachments in the full run: a signed PDF and four other attachments of the
/// same size) sent with the client library's SendPackageAsync through a fresh server process and fetched back with
/// FetchPackageAsync into a file, sampling the resident memory of both sides as <see cref="LargeDocumentRun"/> does.
/// Every file is written by streaming, never held in memory; the fetched package's attachments are decoded and their
/// SHA-256 compared with what was sent.
/// </summary>
internal static class LargePackageRun
{
    private const int OtherAttachments = 4;
    private const string Sender = "000.00.00.G01";
    private const string Recipient = "000.00.00.H01";

    public static async Task<PackageMemoryResult> RunAsync(
        Func<string, CancellationToken, Task<ServerProcess>> startServer, BenchPki pki, string workDirectory, long attachmentBytes, TextWriter progress, CancellationToken ct)
    {
        var folder = Path.Combine(workDirectory, "edxml-memory");
        Directory.CreateDirectory(folder);
        try
        {
            await progress.WriteLineAsync($"  writing a package of {attachmentBytes / (1024 * 1024)} MiB of attachments ({OtherAttachments + 1} files, the first a signed PDF)…");
            var sent = await WriteAttachmentsAsync(folder, pki, attachmentBytes / (OtherAttachments + 1), ct);
            var packagePath = Path.Combine(folder, "sent.edxml");
            await WritePackageAsync(packagePath, "large-package", sent, ct);
            foreach (var attachment in sent)
            {
                File.Delete(attachment.Path); // only the package and the hashes are needed from here on
            }
            var packageBytes = new FileInfo(packagePath).Length;

            await using var server = await startServer("edxml-memory", ct);
            using var connections = new Connections(server.Address, pki);
            var operatorClient = connections.Role("operator");
            await ExchangeCalls.RegisterAsync(operatorClient, Sender, ct);
            await ExchangeCalls.RegisterAsync(operatorClient, Recipient, ct);
            var recipientClient = connections.Agency(Recipient);
            await using var senderLibrary = connections.AgencyLibrary(Sender);
            await using var recipientLibrary = connections.AgencyLibrary(Recipient);

            // Warm-up: one small package both ways, so start-up and first-call costs are not counted as the large one's.
            var small = Path.Combine(folder, "warm-up.edxml");
            var smallPdf = Path.Combine(folder, "warm-up.pdf");
            await File.WriteAllBytesAsync(smallPdf, await (await DistinctSignedPdfs.CreateAsync(pki, 64 * 1024, ct)).NextAsync(ct), ct);
            await WritePackageAsync(small, "warm-up", [new SentAttachment(new EdXmlReference("main", "application/pdf", "warm-up.pdf"), smallPdf, "")], ct);
            var warm = await senderLibrary.SendPackageAsync(small, cancellationToken: ct);
            await ExchangeCalls.WaitForDeliveryAsync(recipientClient, warm.DocumentId, ct);
            await recipientLibrary.FetchPackageAsync(warm.DocumentId, Stream.Null, cancellationToken: ct);
            await ExchangeCalls.AcknowledgeAsync(recipientClient, warm.DocumentId, ct);

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var self = Environment.ProcessId;
            var serverBefore = ProcessMemory.ResidentBytes(server.Pid);
            var clientBefore = ProcessMemory.ResidentBytes(self);
            ProcessMemory.ResetPeak(server.Pid);
            ProcessMemory.ResetPeak(self);
            var fetchedPath = Path.Combine(folder, "fetched.edxml");
            long serverSampled;
            double sendSeconds, fetchSeconds;
            await using (var sampler = new MemorySampler(server.Pid, TimeSpan.FromMilliseconds(50)))
            {
                var clock = Stopwatch.StartNew();
                // No message id: the library derives it from the package's SHA-256 (one more streamed pass), as `dx edxml import` does.
                var response = await senderLibrary.SendPackageAsync(packagePath, cancellationToken: ct);
                sendSeconds = clock.Elapsed.TotalSeconds;
                await progress.WriteLineAsync($"  sent a {packageBytes / 1e6:0} MB package in {sendSeconds:0.0} s");
                await ExchangeCalls.WaitForDeliveryAsync(recipientClient, response.DocumentId, ct);
                clock.Restart();
                await using (var fetched = new FileStream(fetchedPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
                {
                    await recipientLibrary.FetchPackageAsync(response.DocumentId, fetched, cancellationToken: ct);
                }
                fetchSeconds = clock.Elapsed.TotalSeconds;
                await ExchangeCalls.AcknowledgeAsync(recipientClient, response.DocumentId, ct);
                await progress.WriteLineAsync($"  fetched it back ({new FileInfo(fetchedPath).Length / 1e6:0} MB) in {fetchSeconds:0.0} s");
                serverSampled = sampler.MaxResidentBytes;
            }
            var serverPeak = Math.Max(ProcessMemory.PeakResidentBytes(server.Pid), serverSampled);
            var clientPeak = ProcessMemory.PeakResidentBytes(self);
            await CheckFetchedAsync(fetchedPath, sent, folder, ct);
            return new PackageMemoryResult(sent.Sum(a => a.Length), sent.Count, packageBytes, serverBefore, serverPeak, clientBefore, clientPeak, sendSeconds, fetchSeconds, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new PackageMemoryResult(attachmentBytes, OtherAttachments + 1, 0, 0, 0, 0, 0, 0, 0, ExchangeCalls.Describe(e));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record SentAttachment(EdXmlReference Reference, string Path, string Sha256)
    {
        public long Length { get; init; }
    }

    /// <summary>The main signed PDF and the other attachments (pseudo-random bytes), each written and hashed by streaming.</summary>
    private static async Task<List<SentAttachment>> WriteAttachmentsAsync(string folder, BenchPki pki, long eachBytes, CancellationToken ct)
    {
        var main = Path.Combine(folder, "main.pdf");
        await LargeSignedPdf.WriteAsync(main, pki, eachBytes, ct);
        var attachments = new List<SentAttachment> { await HashedAsync(new EdXmlReference("main", "application/pdf", "congvan.pdf"), main, ct) };
        for (var i = 1; i <= OtherAttachments; i++)
        {
            var path = Path.Combine(folder, $"attachment-{i}.bin");
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                var random = new Random(i);
                var block = new byte[1 << 20];
                for (long written = 0; written < eachBytes; written += block.Length)
                {
                    random.NextBytes(block);
                    await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, eachBytes - written)), ct);
                }
            }
            attachments.Add(await HashedAsync(new EdXmlReference($"phu-luc-{i}", "application/octet-stream", $"phụ lục {i}.bin"), path, ct));
        }
        return attachments;
    }

    private static async Task<SentAttachment> HashedAsync(EdXmlReference reference, string path, CancellationToken ct) =>
        new(reference, path, await Sha256Async(path, ct)) { Length = new FileInfo(path).Length };

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return Convert.ToHexString(await SHA256.HashDataAsync(file, ct));
    }

    /// <summary>The package written by the library's edXML writer, streamed from the attachments' files.</summary>
    private static async Task WritePackageAsync(string path, string codeNumber, IReadOnlyList<SentAttachment> attachments, CancellationToken ct)
    {
        var header = new EdXmlMessageHeader(
            new EdXmlOrganization(AgencyCode.Parse(Sender)),
            [new EdXmlOrganization(AgencyCode.Parse(Recipient))],
            codeNumber,
            ExchangeCalls.CodeNotation,
            "Gói edXML lớn: đo bộ nhớ",
            DocumentType: new EdXmlDocumentType(1, "Công văn"));
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await EdXmlPackageWriter.WriteDocumentAsync(output, header, attachments.Select(a => EdXmlOutgoingAttachment.FromFile(a.Reference, a.Path)).ToList(),
            new EdXmlWriterOptions(), signer: null, ct);
    }

    /// <summary>Decodes the fetched package's attachments and compares them, in order, with what was sent.</summary>
    private static async Task CheckFetchedAsync(string fetchedPath, IReadOnlyList<SentAttachment> sent, string folder, CancellationToken ct)
    {
        await using var input = new FileStream(fetchedPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        await using var package = await EdXmlPackageReader.ReadAsync(input, new EdXmlReaderOptions { TempDirectory = folder }, ct);
        if (package.Attachments.Count != sent.Count)
        {
            throw new InvalidOperationException($"The fetched package holds {package.Attachments.Count} attachments; {sent.Count} were sent.");
        }
        foreach (var (fetched, original) in package.Attachments.Zip(sent))
        {
            var hash = await Sha256Async(fetched.FilePath, ct);
            if (fetched.Reference.ContentId != original.Reference.ContentId || hash != original.Sha256)
            {
                throw new InvalidOperationException(
                    $"Fetched attachment '{fetched.Reference.ContentId}' (SHA-256 {hash}) does not match the sent '{original.Reference.ContentId}' (SHA-256 {original.Sha256}).");
            }
        }
    }
}
