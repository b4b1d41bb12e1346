using System.Diagnostics;
using DocExchange.Client.Tests.Infrastructure;
using static DocExchange.Client.DocExchangeClientTelemetry;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>
/// The library's own spans and metrics (docs/CLIENT.md "Traces and metrics"): one span per operation over
/// Grpc.Net.Client's per-attempt spans, its outcome as a gRPC status, retries as events, and the four instruments.
/// </summary>
public sealed class ClientTelemetryTests : ServerTest
{
    [Fact]
    public async Task A_successful_send_is_one_ok_operation_span_counted_as_ok_with_its_bytes_and_no_subject()
    {
        using var recorder = new TelemetryRecorder();
        var pdf = TestContent.LargePdf(200_000, seed: 61);
        var document = Document("601", pdf).WithMessageId("qlvb-2024-000601");

        DocExchange.Protocol.V1.SendResponse sent;
        using (recorder.Begin())
        {
            sent = await Server.Agency(LoopbackServer.G22).SendAsync(document, cancellationToken: Timeout);
        }

        var operation = Assert.Single(recorder.Activities(Name));
        Assert.Equal("Send", operation.OperationName);
        Assert.Equal(ActivityStatusCode.Ok, operation.Status);
        Assert.Equal("Send", operation.GetTagItem(OperationTag));
        Assert.Equal(sent.DocumentId, operation.GetTagItem(DocumentIdTag));
        Assert.Equal("qlvb-2024-000601", operation.GetTagItem(MessageIdTag));
        Assert.Equal((long)pdf.Length, operation.GetTagItem(BytesSentTag));
        Assert.DoesNotContain(operation.TagObjects, t => t.Value is string text && text.Contains("triển khai", StringComparison.Ordinal));
        var call = Assert.Single(recorder.GrpcCalls());
        Assert.Equal(operation.SpanId, call.ParentSpanId);

        var counted = Assert.Single(recorder.Measurements("docexchange.client.operations"));
        Assert.Equal((1d, "Send", "ok"), (counted.Value, counted[OperationTag], counted[OutcomeTag]));
        var duration = Assert.Single(recorder.Measurements("docexchange.client.operation.duration"));
        Assert.True(duration.Value > 0);
        var bytes = recorder.Measurements("docexchange.client.bytes");
        Assert.All(bytes, m => Assert.Equal("sent", m[DirectionTag]));
        Assert.Equal(pdf.Length, bytes.Sum(m => m.Value));
        Assert.Empty(recorder.Measurements("docexchange.client.retries"));
    }

    [Fact]
    public async Task A_fetch_of_an_unknown_document_is_an_error_span_carrying_not_found_and_counted_as_not_found()
    {
        using var recorder = new TelemetryRecorder();
        const string unknown = "000.00.00.G22,2024/05/06,9999/VPCP-TTĐT";

        DocExchangeException error;
        using (recorder.Begin())
        {
            error = await Assert.ThrowsAsync<DocExchangeException>(() => Server.Agency(LoopbackServer.H41).FetchAsync(unknown, new MemoryStream(), cancellationToken: Timeout));
        }

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        var operation = Assert.Single(recorder.Activities(Name));
        Assert.Equal("Fetch", operation.OperationName);
        Assert.Equal(ActivityStatusCode.Error, operation.Status);
        Assert.Equal("NOT_FOUND", operation.StatusDescription);
        Assert.Equal((int)GrpcStatusCode.NotFound, operation.GetTagItem(GrpcStatusCodeTag));
        Assert.Equal(unknown, operation.GetTagItem(DocumentIdTag));

        var counted = Assert.Single(recorder.Measurements("docexchange.client.operations"));
        Assert.Equal(("Fetch", "NotFound"), (counted[OperationTag], counted[OutcomeTag]));
        Assert.Equal("NotFound", Assert.Single(recorder.Measurements("docexchange.client.operation.duration"))[OutcomeTag]);
    }

    [Fact]
    public async Task A_send_retried_until_the_server_is_back_records_each_retry_as_an_event_and_on_the_retries_counter()
    {
        using var recorder = new TelemetryRecorder();
        var firstRetry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var retries = 0;
        var sender = Server.Agency(LoopbackServer.G22, o =>
        {
            o.Retry.MaxAttempts = 100;
            o.Retry.OnRetry = _ =>
            {
                Interlocked.Increment(ref retries);
                firstRetry.TrySetResult();
            };
        });
        await Server.StopAsync();

        using (recorder.Begin())
        {
            var sending = sender.SendAsync(Document("602"), cancellationToken: Timeout);
            await firstRetry.Task.WaitAsync(Timeout);
            await Server.StartAgainAsync();
            await sending;
        }

        var operation = Assert.Single(recorder.Activities(Name));
        Assert.Equal(ActivityStatusCode.Ok, operation.Status);
        var events = operation.Events.Where(e => e.Name == RetryEvent).ToList();
        Assert.Equal(Volatile.Read(ref retries), events.Count);
        Assert.NotEmpty(events);
        var first = events[0].Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(1, first[AttemptTag]);
        Assert.Equal((int)GrpcStatusCode.Unavailable, first[GrpcStatusCodeTag]);
        Assert.True((double)first[DelayTag]! > 0);
        // Each attempt is a Grpc.Net.Client call span of its own, inside the operation's.
        var attempts = recorder.GrpcCalls();
        Assert.Equal(events.Count + 1, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(operation.SpanId, a.ParentSpanId));

        var counted = recorder.Measurements("docexchange.client.retries");
        Assert.Equal(events.Count, counted.Sum(m => m.Value));
        Assert.All(counted, m => Assert.Equal(("Send", "Unavailable"), (m[OperationTag], m[StatusTag])));
    }

    [Fact]
    public async Task An_inbox_subscription_is_one_span_per_connection_the_dropped_one_ending_unavailable_with_its_reconnection()
    {
        using var recorder = new TelemetryRecorder();
        await using var relay = new TcpRelay(Server.TlsPort);
        await Server.Agency(LoopbackServer.G22).SendAsync(Document("603"), cancellationToken: Timeout);
        var recipient = Server.Agency(LoopbackServer.H41, address: relay.TlsAddress);

        using (recorder.Begin())
        {
            await using var inbox = recipient.SubscribeInboxAsync(new InboxSubscriptionOptions { YieldRedeliveries = true }, Timeout).GetAsyncEnumerator(Timeout);
            Assert.True(await inbox.MoveNextAsync());
            relay.DropConnections();
            Assert.True(await inbox.MoveNextAsync());
        }

        var connections = recorder.Activities(Name).OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, connections.Count);
        Assert.All(connections, c => Assert.Equal("SubscribeInbox", c.GetTagItem(OperationTag)));
        Assert.Equal(ActivityStatusCode.Error, connections[0].Status);
        Assert.Equal((int)GrpcStatusCode.Unavailable, connections[0].GetTagItem(GrpcStatusCodeTag));
        var reconnection = Assert.Single(connections[0].Events, e => e.Name == RetryEvent);
        Assert.Equal(1, reconnection.Tags.Single(t => t.Key == AttemptTag).Value);
        Assert.NotEqual(ActivityStatusCode.Error, connections[1].Status);

        var counted = recorder.Measurements("docexchange.client.operations").Select(m => (string)m[OutcomeTag]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Unavailable", "ok"], counted);
        var retried = Assert.Single(recorder.Measurements("docexchange.client.retries"));
        Assert.Equal(("SubscribeInbox", "Unavailable"), (retried[OperationTag], retried[StatusTag]));
    }
}
