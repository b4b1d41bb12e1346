using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Testing.Calls;
using Grpc.Health.V1;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;
using StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// Faults that used to leave the server stuck or dirty, on the real server process: a kill mid-upload (spool and
/// blob temporary files must not outlive the restart) and full disks (a clear RESOURCE_EXHAUSTED, no leaked file,
/// nothing stored, and recovery on its own once space is freed).
/// </summary>
public sealed class DiskFaultTests : IAsyncLifetime
{
    private const string Operator = "operator";
    private const string Auditor = "auditor";
    private const string Sender = "agency:" + TestServer.G22;
    private const string Recipient = "agency:" + TestServer.H41;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "docexchange-disk-" + Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(4));

    private CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _timeout.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_kill_during_large_uploads_leaves_no_spool_or_partial_blob_file_after_the_restart()
    {
        var systemTempBefore = SystemTempSpoolFiles();
        await using var server = new ServerProcess(_data);
        await server.StartAsync(Ct);
        var client = server.Channel(out var channel);
        using (channel)
        {
            await RegisterAsync(client);

            // Killed while the upload is being spooled.
            var spooling = SendAsync(client, "kill-1", "1", Pdf(1), ("att-1", Random(48 * 1024 * 1024, 1)));
            await WaitUntilAsync(() => SpoolFiles().Length > 0 || SystemTempSpoolFiles().Except(systemTempBefore).Any(), "a spool file to appear");
            await server.KillAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => spooling);
        }

        // Killed while the content is written to the blob store: a short moment, which a busy machine can miss, so
        // tried until the kill finds partial blob files.
        var committed = new List<string>();
        var left = Array.Empty<string>();
        for (var attempt = 1; attempt <= 5 && left.Length == 0; attempt++)
        {
            await server.StartAsync(Ct);
            client = server.Channel(out channel);
            using (channel)
            {
                var storing = SendAsync(client, $"kill-2-{attempt}", $"2{attempt}", Pdf(20 + attempt), ("att-1", Random(48 * 1024 * 1024, 20 + attempt)));
                await Task.Factory.StartNew(() =>
                {
                    var deadline = DateTime.UtcNow.AddMinutes(1);
                    while (PartFiles().Length == 0 && !storing.IsCompleted && DateTime.UtcNow < deadline) Thread.SpinWait(100);
                }, Ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                await server.KillAsync();
                left = PartFiles();
                if (storing is { IsCompletedSuccessfully: true, Result.DocumentId: var id }) committed.Add(id);
            }
        }
        Assert.True(left.Length > 0, "five kills all missed the moment partial blob files exist");

        await server.StartAsync(Ct);
        Assert.Empty(SpoolFiles());
        Assert.Empty(PartFiles());
        Assert.Empty(SystemTempSpoolFiles().Except(systemTempBefore));
        client = server.Channel(out channel);
        using (channel)
        {
            var listed = (await client.UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest(), ServerProcess.As(Sender, Ct))).Documents.Select(d => d.DocumentId);
            Assert.Subset(committed.ToHashSet(), listed.ToHashSet());
        }
    }

    [RootFact]
    public async Task A_full_spool_disk_refuses_a_large_send_as_resource_exhausted_leaks_nothing_and_recovers_when_freed()
    {
        using var disk = SmallDisk.Mount(megabytes: 4);
        await using var server = new ServerProcess(_data,
            $"--DocExchange:Storage:SpoolDirectory={disk.Path}",
            SmallSpoolMemory,
            "--DocExchange:Storage:HousekeepingIntervalSeconds=0.2",
            "--DocExchange:Storage:MinimumFreeBytes=1048576");
        await server.StartAsync(Ct);
        var client = server.Channel(out var channel);
        using var _ = channel;
        await RegisterAsync(client);
        Assert.Equal(ServingStatus.Serving, await DiskHealthAsync(client));
        disk.Fill(leaveBytes: 512 * 1024);
        var pdf = Pdf(3, padding: 2 * 1024 * 1024);

        await WaitUntilAsync(async () => await DiskHealthAsync(client) == ServingStatus.NotServing, "health to report the full disk");
        var refused = await Assert.ThrowsAsync<RpcException>(() => SendAsync(client, "full-spool", "3", pdf));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("no disk space left in its spool folder", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["filler.bin"], Directory.GetFiles(disk.Path).Select(Path.GetFileName));
        Assert.Empty(OpenFilesUnder(server, disk.Path));
        Assert.Empty((await client.UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest(), ServerProcess.As(Sender, Ct))).Documents);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await client.UnaryAsync(HealthMethods.Check, new HealthCheckRequest(), new CallOptions(cancellationToken: Ct))).Status);

        disk.Free();
        await WaitUntilAsync(async () => await DiskHealthAsync(client) == ServingStatus.Serving, "health to report the disk has room again");
        var sent = await SendAsync(client, "full-spool", "3", pdf);
        Assert.False(sent.Duplicate);
        Assert.Equal(SHA256.HashData(pdf), sent.Parts[0].Sha256.ToByteArray());
        Assert.Empty(Directory.GetFiles(disk.Path));
    }

    [RootFact]
    public async Task A_full_data_disk_refuses_sends_acknowledgements_and_registrations_as_resource_exhausted_changes_nothing_and_recovers_when_freed()
    {
        using var disk = SmallDisk.Mount(megabytes: 64);
        var data = Path.Combine(disk.Path, "data");
        await using var server = new ServerProcess(data,
            SmallSpoolMemory,
            "--DocExchange:Storage:HousekeepingIntervalSeconds=0.2",
            "--DocExchange:Storage:MinimumFreeBytes=1048576");
        await server.StartAsync(Ct);
        var client = server.Channel(out var channel);
        using var _ = channel;
        await RegisterAsync(client);
        var first = await SendAsync(client, "before", "10", Pdf(10));
        var sentBefore = await ListSentAsync(client);
        var blobsBefore = BlobFiles(data);
        var eventsBefore = await AuditEventsAsync(client);

        disk.Fill();
        await WaitUntilAsync(async () => await DiskHealthAsync(client) == ServingStatus.NotServing, "health to report the full disk");

        var largeSend = await Assert.ThrowsAsync<RpcException>(() => SendAsync(client, "large", "11", Pdf(11, padding: 2 * 1024 * 1024)));
        // Above the inline limit (256 KiB), held in spool memory: the blob file is what cannot be written.
        var smallSend = await Assert.ThrowsAsync<RpcException>(() => SendAsync(client, "small", "12", Pdf(12, padding: 300_000)));
        var (registered, registration) = await RegisterUntilRefusedAsync(client);
        var acknowledgement = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(Exchange.Methods.PostStatus,
            new PostStatusRequest { DocumentId = first.DocumentId, StatusCode = StatusCode.Arrived }, ServerProcess.As(Recipient, Ct)));

        Assert.Equal(GrpcStatusCode.ResourceExhausted, largeSend.StatusCode);
        Assert.Contains("no disk space left in its spool folder", largeSend.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, smallSend.StatusCode);
        Assert.Contains("no disk space left in its content store (blobs)", smallSend.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, registration.StatusCode);
        Assert.Contains("no disk space left in its database", registration.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, acknowledgement.StatusCode);
        Assert.Contains("no disk space left in its database", acknowledgement.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(sentBefore, await ListSentAsync(client));
        Assert.Equal(blobsBefore, BlobFiles(data));
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "blobs", ".tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "spool")));
        Assert.Empty(OpenFilesUnder(server, Path.Combine(data, "spool")).Concat(OpenFilesUnder(server, Path.Combine(data, "blobs"))));
        var eventsDuring = await AuditEventsAsync(client);
        Assert.Equal(eventsBefore, eventsDuring.Take(eventsBefore.Count));
        Assert.Equal(registered, eventsDuring.Skip(eventsBefore.Count).Count(e => e.Event.Action == "registry.agency_registered"));
        Assert.Equal(eventsBefore.Count + registered, eventsDuring.Count);

        disk.Free();
        await WaitUntilAsync(async () => await DiskHealthAsync(client) == ServingStatus.Serving, "health to report the disk has room again");
        await client.UnaryAsync(Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = first.DocumentId, StatusCode = StatusCode.Arrived }, ServerProcess.As(Recipient, Ct));
        await client.UnaryAsync(Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = "000.00.00.H30", Name = "UBND tỉnh Hậu Giang" }, ServerProcess.As(Operator, Ct));
        var large = await SendAsync(client, "large", "11", Pdf(11, padding: 2 * 1024 * 1024));
        Assert.False(large.Duplicate);
        Assert.Equal(sentBefore.Count + 1, (await ListSentAsync(client)).Count);
        var events = await AuditEventsAsync(client);
        await WaitUntilAsync(async () => (await client.UnaryAsync(DocExchange.Protocol.V1.Audit.Methods.GetLogInfo, new GetLogInfoRequest(), ServerProcess.As(Auditor, Ct))).TreeSize >= events.Count,
            "the audit log to integrate every event");
    }

    /// <summary>4 MiB of spool memory: uploads needing up to 1 MiB are spooled in memory, the 2 MiB documents in files.</summary>
    private const string SmallSpoolMemory = "--DocExchange:Storage:SpoolMemoryBytes=4194304";

    private string[] SpoolFiles() => Directory.Exists(Path.Combine(_data, "spool")) ? Directory.GetFiles(Path.Combine(_data, "spool")) : [];

    private string[] PartFiles() => Directory.Exists(Path.Combine(_data, "blobs", ".tmp")) ? Directory.GetFiles(Path.Combine(_data, "blobs", ".tmp"), "*.part") : [];

    private static string[] SystemTempSpoolFiles() => Directory.GetFiles(Path.GetTempPath(), "docexchange-send-*.tmp");

    private static List<string> BlobFiles(string data) =>
        Directory.GetFiles(Path.Combine(data, "blobs"), "*", SearchOption.AllDirectories).Where(f => !f.Contains(".tmp", StringComparison.Ordinal)).Order().ToList();

    /// <summary>The files under <paramref name="folder"/> the server process holds open, deleted ones included (/proc/PID/fd).</summary>
    private static List<string> OpenFilesUnder(ServerProcess server, string folder)
    {
        var fds = new DirectoryInfo($"/proc/{server.ProcessId}/fd");
        var open = new List<string>();
        foreach (var fd in fds.EnumerateFileSystemInfos())
        {
            try
            {
                if (fd.LinkTarget is { } target && target.StartsWith(folder, StringComparison.Ordinal)) open.Add(target);
            }
            catch (IOException)
            {
                // Closed while listed.
            }
        }
        return open;
    }

    private async Task RegisterAsync(CallInvoker client)
    {
        await client.UnaryAsync(Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.G22, Name = "Văn phòng Chính phủ" }, ServerProcess.As(Operator, Ct));
        await client.UnaryAsync(Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = TestServer.H41, Name = "UBND tỉnh Nghệ An" }, ServerProcess.As(Operator, Ct));
    }

    /// <summary>Registers agencies until the full disk refuses one; returns how many were registered, and the refusal.</summary>
    private async Task<(int Registered, RpcException Refusal)> RegisterUntilRefusedAsync(CallInvoker client)
    {
        for (var n = 1; n <= 999; n++)
        {
            try
            {
                await client.UnaryAsync(Registry.Methods.RegisterAgency,
                    new RegisterAgencyRequest { Code = $"000.00.{n / 10 + 10:D2}.G{n % 10 + 10:D2}", Name = new string('x', 400) }, ServerProcess.As(Operator, Ct));
            }
            catch (RpcException e)
            {
                return (n - 1, e);
            }
        }
        throw new InvalidOperationException("999 registrations went through on a full disk");
    }

    private async Task<ServingStatus> DiskHealthAsync(CallInvoker client) =>
        (await client.UnaryAsync(HealthMethods.Check, new HealthCheckRequest { Service = "docexchange.DiskSpace" }, new CallOptions(cancellationToken: Ct))).Status;

    private async Task<List<string>> ListSentAsync(CallInvoker client) =>
        (await client.UnaryAsync(Exchange.Methods.ListSent, new ListDocumentsRequest(), ServerProcess.As(Sender, Ct))).Documents.Select(d => d.DocumentId).Order().ToList();

    private async Task<List<AuditEventEntry>> AuditEventsAsync(CallInvoker client)
    {
        using var query = client.AsyncServerStreamingCall(DocExchange.Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Limit = 1000 }, ServerProcess.As(Auditor, Ct));
        return await Exchanges.ReadUntilAsync(query.ResponseStream, _ => false, Ct);
    }

    private Task<SendResponse> SendAsync(CallInvoker client, string messageId, string number, byte[] pdf, params (string PartId, byte[] Data)[] attachments) =>
        Task.Run(async () =>
        {
            var header = Exchanges.Header(messageId, TestServer.H41, pdf, number);
            foreach (var (partId, data) in attachments)
            {
                header.Parts.Add(new PartInfo { PartId = partId, Kind = PartKind.Attachment, FileName = partId + ".bin", ContentType = "application/octet-stream", Size = data.Length });
            }
            using var call = client.AsyncClientStreamingCall(Exchange.Methods.Send, ServerProcess.As(Sender, Ct));
            try
            {
                await call.RequestStream.WriteAsync(new SendRequest { Header = header });
                foreach (var (partId, data) in attachments.Prepend(("main", pdf)))
                {
                    for (var offset = 0; offset < data.Length; offset += 64 * 1024)
                    {
                        var chunk = ByteString.CopyFrom(data, offset, Math.Min(64 * 1024, data.Length - offset));
                        await call.RequestStream.WriteAsync(new SendRequest { Chunk = new ContentChunk { PartId = partId, Data = chunk } });
                    }
                }
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
            {
                // The server answered (or died) before the upload ended: its answer says which.
            }
            return await call.ResponseAsync;
        }, Ct);

    private static byte[] Pdf(int seed, int padding = 0) => SamplePdf.Create($"disk fault {seed}", paddingBytes: padding);

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what, int pollMilliseconds = 20) =>
        await WaitUntilAsync(() => Task.FromResult(condition()), what, pollMilliseconds);

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int pollMilliseconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited a minute for {what}");
            await Task.Delay(pollMilliseconds, Ct);
        }
    }
}
