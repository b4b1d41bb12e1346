using DocExchange.Client;
using System.Diagnostics;
using DocExchange.Bench;
using DocExchange.LoadGenerator.Hosting;
using DocExchange.LoadGenerator.Load;
using DocExchange.LoadGenerator.Results;
using DocExchange.Signing.Pades;

namespace DocExchange.LoadGenerator.Memory;

/// <summary>
/// Sends one large signed PDF (1 GiB in the full run) through a fresh server process and fetches it back, sampling
/// the resident memory of both sides: memory must stay flat, whatever the document size (README, "Architecture": large documents stream in chunks).
/// The client's peak is this process's VmHWM, reset just before the send; the server's is its VmHWM, reset after
/// start-up and a warm-up document, and cross-checked by sampling VmRSS every 50 ms.
/// </summary>
internal static class LargeDocumentRun
{
    public static async Task<MemoryResult> RunAsync(
        Func<string, CancellationToken, Task<ServerProcess>> startServer, BenchPki pki, string workDirectory, long documentBytes, TextWriter progress, CancellationToken ct)
    {
        var signedPath = Path.Combine(workDirectory, "large-signed.pdf");
        try
        {
            await progress.WriteLineAsync($"  writing and signing a {documentBytes / (1024 * 1024)} MiB PDF…");
            await LargeSignedPdf.WriteAsync(signedPath, pki, documentBytes, ct);
            var size = new FileInfo(signedPath).Length;

            await using var server = await startServer("memory", ct);
            using var connections = new Connections(server.Address, pki);
            const string sender = "000.00.00.G01";
            const string recipient = "000.00.00.H01";
            var operatorClient = connections.Role("operator");
            await ExchangeCalls.RegisterAsync(operatorClient, sender, ct);
            await ExchangeCalls.RegisterAsync(operatorClient, recipient, ct);
            var senderClient = connections.Agency(sender);
            var recipientClient = connections.Agency(recipient);
            // The large document goes through the client library agencies embed, so its memory is what is measured.
            await using var senderLibrary = connections.AgencyLibrary(sender);
            await using var recipientLibrary = connections.AgencyLibrary(recipient);

            // Warm-up: one small document both ways, so start-up and first-call costs are not counted as the large one's.
            var small = BenchPdf.Create(64 * 1024);
            var warm = await ExchangeCalls.SendAsync(senderClient, ExchangeCalls.Header(recipient, "warm-up", small.Length), small, ct);
            await ExchangeCalls.FetchAndCheckAsync(recipientClient, warm.DocumentId, ct);
            await ExchangeCalls.AcknowledgeAsync(recipientClient, warm.DocumentId, ct);

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var self = Environment.ProcessId;
            var serverBefore = ProcessMemory.ResidentBytes(server.Pid);
            var clientBefore = ProcessMemory.ResidentBytes(self);
            ProcessMemory.ResetPeak(server.Pid);
            ProcessMemory.ResetPeak(self);
            long serverSampled;
            double sendSeconds, fetchSeconds;
            await using (var sampler = new MemorySampler(server.Pid, TimeSpan.FromMilliseconds(50)))
            {
                var clock = Stopwatch.StartNew();
                var document = new OutgoingDocumentBuilder()
                    .Metadata(m => m.To(recipient).Code("large", "BENCH").Subject("1 GiB memory run"))
                    .MainDocument(signedPath);
                var sent = await senderLibrary.SendAsync(document, null, ct);
                sendSeconds = clock.Elapsed.TotalSeconds;
                await progress.WriteLineAsync($"  sent {size / 1e6:0} MB in {sendSeconds:0.0} s");

                await ExchangeCalls.WaitForDeliveryAsync(recipientClient, sent.DocumentId, ct);
                clock.Restart();
                // The library checks the part's size and SHA-256 against what the server stored as it streams.
                var fetched = await recipientLibrary.FetchAsync(sent.DocumentId, Stream.Null, cancellationToken: ct);
                fetchSeconds = clock.Elapsed.TotalSeconds;
                if (fetched.Parts.Single().Size != size)
                {
                    throw new InvalidOperationException($"Fetched a {fetched.Parts.Single().Size}-byte part for the {size}-byte document.");
                }
                await ExchangeCalls.AcknowledgeAsync(recipientClient, sent.DocumentId, ct);
                await progress.WriteLineAsync($"  fetched it back in {fetchSeconds:0.0} s");
                serverSampled = sampler.MaxResidentBytes;
            }
            var serverPeak = Math.Max(ProcessMemory.PeakResidentBytes(server.Pid), serverSampled);
            var clientPeak = ProcessMemory.PeakResidentBytes(self);
            return new MemoryResult(size, serverBefore, serverPeak, clientBefore, clientPeak, sendSeconds, fetchSeconds, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new MemoryResult(documentBytes, 0, 0, 0, 0, 0, 0, ExchangeCalls.Describe(e));
        }
        finally
        {
            File.Delete(signedPath);
        }
    }
}
