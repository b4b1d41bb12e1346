using System.Threading.Channels;
using Grpc.Core;
using DocExchange.Protocol.V1;

namespace DocExchange.LoadGenerator.Load;

/// <summary>
/// A recipient agency system: keeps its inbox subscription open, asking for small documents' content with the push; for
/// each delivery it checks the pushed content's SHA-256, or fetches the document (checking its SHA-256) when none came,
/// and acknowledges it with status 01, with a few deliveries in progress in parallel.
/// </summary>
internal sealed class RecipientAgent
{
    private readonly CallInvoker _client;
    private readonly DocumentTracker _tracker;
    private readonly int _workers;
    // Pushed: the delivery when it came with its content, checked by the worker instead of a fetch.
    private readonly Channel<(string DocumentId, string CodeNumber, DocumentTracker.InFlight Entry, Delivery? Pushed)> _queue =
        Channel.CreateUnbounded<(string, string, DocumentTracker.InFlight, Delivery?)>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;

    public RecipientAgent(string code, CallInvoker client, DocumentTracker tracker, int workers)
    {
        Code = code;
        _client = client;
        _tracker = tracker;
        _workers = workers;
    }

    public string Code { get; }

    /// <summary>Completes once the subscription has sent its backlog and gone live.</summary>
    public Task CaughtUp => _caughtUp.Task;

    public void Start(CancellationToken ct) =>
        _running = Task.WhenAll([SubscribeAsync(ct), .. Enumerable.Range(0, _workers).Select(_ => WorkAsync(ct))]);

    public async Task StopAsync()
    {
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped by the run's cancellation.
        }
    }

    private async Task SubscribeAsync(CancellationToken ct)
    {
        long cursor = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    using var inbox = _client.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest { AfterCursor = cursor, IncludeContentMaxBytes = ExchangeCalls.PushedContentMaxBytes },
                        new CallOptions(cancellationToken: ct));
                    while (await inbox.ResponseStream.MoveNext(ct))
                    {
                        var e = inbox.ResponseStream.Current;
                        cursor = Math.Max(cursor, e.Cursor);
                        if (e.EventCase == InboxEvent.EventOneofCase.CaughtUp)
                        {
                            _caughtUp.TrySetResult();
                        }
                        else if (ExchangeCalls.IsDocument(e) && e.Delivery.Header?.Code?.CodeNumber is { } number && _tracker.Received(number) is { } entry)
                        {
                            await _queue.Writer.WriteAsync((e.Delivery.DocumentId, number, entry, ExchangeCalls.HasContent(e.Delivery) ? e.Delivery : null), ct);
                        }
                    }
                }
                catch (RpcException) when (!ct.IsCancellationRequested)
                {
                    // The stream broke (e.g. a keep-alive failure under load): resume after the last cursor.
                    await Task.Delay(100, ct);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException || (e is RpcException && ct.IsCancellationRequested))
        {
            // Stopping.
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    /// <summary>The longest a fetch of one document may take before it counts as an error naming the document.</summary>
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A fetch that never completes would otherwise hold its worker until the phase's drain gives up, unnamed.</summary>
    private async Task FetchWithinAsync(string documentId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(FetchTimeout);
        // Said at once, while the fetch is still open, so the server can be inspected before the call is cancelled.
        await using var slow = new Timer(_ => Console.Error.WriteLine($"slow fetch: {documentId} by {Code} has not completed after {FetchTimeout.TotalSeconds / 2:0} s"),
            null, FetchTimeout / 2, Timeout.InfiniteTimeSpan);
        try
        {
            await ExchangeCalls.FetchAndCheckAsync(_client, documentId, timeout.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new TimeoutException($"The fetch of {documentId} by {Code} did not complete within {FetchTimeout.TotalSeconds:0} s.", e);
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (documentId, number, entry, pushed) in _queue.Reader.ReadAllAsync(ct))
            {
                try
                {
                    if (pushed is not null)
                    {
                        ExchangeCalls.CheckPushedContent(pushed);
                    }
                    else
                    {
                        await FetchWithinAsync(documentId, ct);
                    }

                    await ExchangeCalls.AcknowledgeAsync(_client, documentId, ct);
                    _tracker.Done(number, entry);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    entry.Phase.ReceiveFailed(e);
                    _tracker.Forget(number);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException || (e is RpcException && ct.IsCancellationRequested))
        {
            // Stopping: a fetch or acknowledgement in flight ends as CANCELLED.
        }
    }
}
