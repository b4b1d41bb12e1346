using DocExchange.Testing.Storage;
using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>
/// Each kind of bad input gets its status, and the stored state is unchanged afterwards: both agencies' listings, the
/// status history, the audit tree size (after integrating every stored event) and the number of stored contents (blob files and rows).
/// </summary>
public sealed class BadInputStateTests : IAsyncLifetime
{
    private const long MaxDocumentBytes = 64 * 1024;
    private TestServer _server = null!;
    private SendResponse _sent = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync($"--DocExchange:Limits:MaxDocumentBytes={MaxDocumentBytes}");
        await Exchanges.RegisterSampleAgenciesAsync(_server);
        var pdf = SamplePdf.Create("Cong van da gui");
        _sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("m-1", TestServer.H41, pdf), pdf);
        await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus,
            new PostStatusRequest { DocumentId = _sent.DocumentId, StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode.Arrived });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> StateAsync()
    {
        var sent = await _server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
        var received = await _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());
        var history = await _server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.GetStatusHistory,
            new GetStatusHistoryRequest { DocumentId = _sent.DocumentId });
        var checkpoint = await _server.Auditor().UnaryAsync(Protocol.V1.Audit.Methods.GetCheckpoint, new GetCheckpointRequest { Fresh = true });
        var blobs = Directory.EnumerateFiles(Path.Combine(_server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Count()
            + (await StoredContents.ReadAsync(_server.DataDirectory)).Count;
        return $"sent={sent}\nreceived={received}\nhistory={history}\ntree={checkpoint.TreeSize}\nblobs={blobs}";
    }

    private async Task AssertRefusedWithStateUnchangedAsync(GrpcStatusCode expected, Func<Task> badCall)
    {
        var before = await StateAsync();
        Assert.Contains("tree=", before, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<RpcException>(badCall);

        Assert.Equal(expected, error.StatusCode);
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public Task An_unknown_recipient_is_not_found()
    {
        var pdf = SamplePdf.Create("unknown recipient");
        return AssertRefusedWithStateUnchangedAsync(GrpcStatusCode.NotFound,
            () => Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("m-2", "000.00.00.H99", pdf, "2"), pdf));
    }

    [Fact]
    public Task A_malformed_recipient_code_is_invalid()
    {
        var pdf = SamplePdf.Create("malformed code");
        return AssertRefusedWithStateUnchangedAsync(GrpcStatusCode.InvalidArgument,
            () => Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("m-3", "000.00.1.G12", pdf, "3"), pdf));
    }

    [Fact]
    public Task An_oversized_document_is_resource_exhausted()
    {
        var pdf = new byte[MaxDocumentBytes + 1];
        return AssertRefusedWithStateUnchangedAsync(GrpcStatusCode.ResourceExhausted,
            () => Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("m-4", TestServer.H41, pdf, "4"), pdf));
    }

    [Fact]
    public Task An_invalid_status_transition_is_a_failed_precondition()
    {
        // 01 was posted; 06 (completed) cannot follow it directly.
        return AssertRefusedWithStateUnchangedAsync(GrpcStatusCode.FailedPrecondition,
            () => _server.Agency(TestServer.H41).UnaryAsync(Protocol.V1.Exchange.Methods.PostStatus,
                new PostStatusRequest { DocumentId = _sent.DocumentId, StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode.Done }));
    }

    [Fact]
    public Task An_upload_that_ends_before_its_declared_size_is_refused()
    {
        var pdf = SamplePdf.Create("truncated upload");
        return AssertRefusedWithStateUnchangedAsync(GrpcStatusCode.InvalidArgument, async () =>
        {
            using var call = _server.Agency(TestServer.G22).AsyncClientStreamingCall(Protocol.V1.Exchange.Methods.Send);
            await call.RequestStream.WriteAsync(new SendRequest { Header = Exchanges.Header("m-5", TestServer.H41, pdf, "5") });
            await call.RequestStream.WriteAsync(new SendRequest
            {
                Chunk = new ContentChunk { PartId = "main", Data = ByteString.CopyFrom(pdf, 0, pdf.Length / 2) },
            });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        });
    }

    [Fact]
    public Task Removing_the_last_recipient_is_a_failed_precondition()
    {
        return AssertRefusedWithStateUnchangedAsync(GrpcStatusCode.FailedPrecondition,
            () => _server.Agency(TestServer.G22).UnaryAsync(Protocol.V1.Exchange.Methods.UpdateRecipients,
                new UpdateRecipientsRequest { DocumentId = _sent.DocumentId, Remove = { TestServer.H41 }, Reason = "x" }));
    }
}
