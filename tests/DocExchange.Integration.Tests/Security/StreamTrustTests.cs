using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using DocExchange.Testing.Calls;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pki;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// Long-lived streams (SubscribeInbox, WatchStatuses) and downloads (Fetch, FetchPackage) are judged again when trust
/// changes while they are open: a revoked (registry CRL or CRL folder) or expired certificate ends them with
/// UNAUTHENTICATED, a deactivated agency with FAILED_PRECONDITION (what its new calls get), within the cache interval,
/// and nothing produced after the change reaches them (a download: no more than what was in flight). The end is
/// audited as a new call's refusal would be.
/// </summary>
public sealed class StreamTrustTests : IAsyncLifetime
{
    /// <summary>The cache and CRL folder intervals of the test server.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Scheduling and TLS slack on a shared machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public enum Change
    {
        RegistryCrl,
        CrlFolder,
        Deactivation,
        Expiry,
    }

    public enum Stream
    {
        Inbox,
        Statuses,
    }

    public enum Download
    {
        Fetch,
        FetchPackage,
    }

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
        [
            .. _pki.ServerArgs,
            "--DocExchange:Tls:ClientCrlReloadSeconds=1",
            "--DocExchange:Abuse:AgencyStateCacheSeconds=1",
        ]);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Theory]
    [InlineData(Change.RegistryCrl, Stream.Inbox)]
    [InlineData(Change.RegistryCrl, Stream.Statuses)]
    [InlineData(Change.CrlFolder, Stream.Inbox)]
    [InlineData(Change.CrlFolder, Stream.Statuses)]
    [InlineData(Change.Deactivation, Stream.Inbox)]
    [InlineData(Change.Deactivation, Stream.Statuses)]
    [InlineData(Change.Expiry, Stream.Inbox)]
    [InlineData(Change.Expiry, Stream.Statuses)]
    public async Task An_open_stream_ends_within_the_cache_interval_when_its_callers_trust_changes_and_receives_nothing_produced_after(Change change, Stream stream)
    {
        // The stream's owner: H41 subscribes to its inbox; G22 watches the statuses of a document it sent to H41.
        var owner = stream == Stream.Inbox ? TestServer.H41 : TestServer.G22;
        var counterpart = stream == Stream.Inbox ? TestServer.G22 : TestServer.H41;
        if (change == Change.RegistryCrl)
        {
            await Exchanges.AddTrustedCaAsync(_server, owner, _pki.Ca);
        }

        // An expiring certificate must outlive the set-up below (a send, a TLS handshake, the stream catching up), which
        // a busy machine can stretch to seconds; the stream's end is then timed from its expiry.
        var certificate = change == Change.Expiry
            ? _pki.Agency(owner, notBefore: DateTimeOffset.UtcNow.AddMinutes(-5), notAfter: DateTimeOffset.UtcNow.AddSeconds(10))
            : _pki.Agency(owner);
        var ownerCalls = _server.WithCertificate(certificate);
        var pdf = SamplePdf.Create("Luong mo");
        var earlier = stream == Stream.Statuses
            ? (await Exchanges.SendAsync(ownerCalls, Exchanges.Header("stream-1", counterpart, pdf), pdf)).DocumentId
            : null;

        using var open = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var inbox = stream == Stream.Inbox
            ? ownerCalls.AsyncServerStreamingCall(Exchange.Methods.SubscribeInbox, new SubscribeInboxRequest(), new CallOptions(cancellationToken: open.Token))
            : null;
        using var statuses = stream == Stream.Statuses
            ? ownerCalls.AsyncServerStreamingCall(Exchange.Methods.WatchStatuses, new WatchStatusesRequest(), new CallOptions(cancellationToken: open.Token))
            : null;
        if (inbox is not null)
        {
            await Exchanges.ReadUntilAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.CaughtUp, open.Token);
        }
        else
        {
            await Exchanges.ReadUntilAsync(statuses!.ResponseStream, e => e.EventCase == StatusEvent.EventOneofCase.CaughtUp, open.Token);
        }

        var changedAt = await ChangeTrustAsync(change, owner, certificate);
        await ProduceAsync(stream, counterpart, earlier, pdf);

        var (end, received) = inbox is not null
            ? await ReadToEndAsync(inbox.ResponseStream, e => e.EventCase == InboxEvent.EventOneofCase.Delivery ? 1 : 0, changedAt)
            : await ReadToEndAsync(statuses!.ResponseStream, e => e.EventCase == StatusEvent.EventOneofCase.Status ? 1 : 0, changedAt);

        Assert.True(end is not null, $"the stream was still open {Interval + Slack} after the change, and received {received} item(s)");
        Assert.Equal(change == Change.Deactivation ? GrpcStatusCode.FailedPrecondition : GrpcStatusCode.Unauthenticated, end.StatusCode);
        Assert.Contains(change switch
        {
            Change.RegistryCrl or Change.CrlFolder => "revoked",
            Change.Deactivation => "deactivated",
            _ => "expired",
        }, end.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, received);
        var method = stream == Stream.Inbox ? Exchange.Methods.SubscribeInbox.FullName : Exchange.Methods.WatchStatuses.FullName;
        Assert.Contains(await DeniedDetailsAsync(), d => d.Contains(method, StringComparison.Ordinal) && d.Contains($"status={end.StatusCode}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Download.Fetch)]
    [InlineData(Download.FetchPackage)]
    public async Task A_download_under_way_ends_within_the_cache_interval_when_its_callers_certificate_is_revoked(Download download)
    {
        await Exchanges.AddTrustedCaAsync(_server, TestServer.H41, _pki.Ca);
        var certificate = _pki.Agency(TestServer.H41);
        var pdf = SamplePdf.Create("Bao cao lon", paddingBytes: 4_000_000);
        var sent = await Exchanges.SendAsync(_server.Agency(TestServer.G22), Exchanges.Header("download-1", TestServer.H41, pdf), pdf);

        // The recipient reads the first message, then stops: flow control holds the rest of the download at the server.
        using var open = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new CallOptions(cancellationToken: open.Token);
        var recipient = _server.WithCertificate(certificate);
        using var fetch = download == Download.Fetch
            ? recipient.AsyncServerStreamingCall(Exchange.Methods.Fetch, new FetchRequest { DocumentId = sent.DocumentId }, options)
            : null;
        using var package = download == Download.FetchPackage
            ? recipient.AsyncServerStreamingCall(EdXmlExchange.Methods.FetchPackage, new FetchPackageRequest { DocumentId = sent.DocumentId }, options)
            : null;
        Assert.True(fetch is not null ? await fetch.ResponseStream.MoveNext(open.Token) : await package!.ResponseStream.MoveNext(open.Token));

        var changedAt = await ChangeTrustAsync(Change.RegistryCrl, TestServer.H41, certificate);
        // Time for the guard to see the revocation (the cache's interval, then its next look) before reading on.
        var judged = changedAt + Interval + Interval + TimeSpan.FromMilliseconds(500) - DateTimeOffset.UtcNow;
        if (judged > TimeSpan.Zero) await Task.Delay(judged);

        var (end, received) = fetch is not null
            ? await ReadToEndAsync(fetch.ResponseStream, r => r.Chunk?.Data.Length ?? 0, DateTimeOffset.UtcNow)
            : await ReadToEndAsync(package!.ResponseStream, c => c.Data.Length, DateTimeOffset.UtcNow);
        Assert.True(end is not null, "the download was still open after the revocation");
        Assert.Equal(GrpcStatusCode.Unauthenticated, end.StatusCode);
        Assert.Contains("revoked", end.Status.Detail, StringComparison.Ordinal);
        Assert.True(received < pdf.Length, $"the whole document ({received} bytes) came after the revocation");
        var method = download == Download.Fetch ? Exchange.Methods.Fetch.FullName : EdXmlExchange.Methods.FetchPackage.FullName;
        Assert.Contains(await DeniedDetailsAsync(), d => d.Contains(method, StringComparison.Ordinal) && d.Contains($"status={end.StatusCode}", StringComparison.Ordinal));
    }

    private async Task<List<string>> DeniedDetailsAsync()
    {
        using var query = _server.Auditor().AsyncServerStreamingCall(DocExchange.Protocol.V1.Audit.Methods.QueryEvents, new QueryEventsRequest { Actions = { "call.denied" } });
        var details = new List<string>();
        while (await query.ResponseStream.MoveNext(CancellationToken.None))
        {
            details.Add(query.ResponseStream.Current.Event.Detail);
        }

        return details;
    }

    /// <summary>Makes the change; returns when it took effect for the server (for the CRL folder: once the folder is
    /// looked at again; for expiry: once the certificate is past its notAfter).</summary>
    private async Task<DateTimeOffset> ChangeTrustAsync(Change change, string owner, X509Certificate2 certificate)
    {
        switch (change)
        {
            case Change.RegistryCrl:
                var changedAt = DateTimeOffset.UtcNow;
                var crl = _pki.Ca.CreateCrl([new CertificateRevocation(certificate, DateTimeOffset.UtcNow.AddMinutes(-1))]);
                await _server.Operator().UnaryAsync(Registry.Methods.PublishCrl, new PublishCrlRequest { Code = owner, CrlDer = ByteString.CopyFrom(crl) });
                return changedAt;
            case Change.CrlFolder:
                var droppedAt = DateTimeOffset.UtcNow;
                _pki.Revoke(certificate);
                await Task.Delay(Interval + TimeSpan.FromMilliseconds(100));
                return droppedAt;
            case Change.Deactivation:
                var deactivatedAt = DateTimeOffset.UtcNow;
                await _server.Operator().UnaryAsync(Registry.Methods.DeactivateAgency, new DeactivateAgencyRequest { Code = owner, Reason = "merged" });
                return deactivatedAt;
            default:
                // Validity is to the second, and the certificate is valid through its notAfter second.
                var expiredAt = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero).AddSeconds(1);
                var wait = expiredAt - DateTimeOffset.UtcNow;
                Assert.True(wait > TimeSpan.Zero, "the stream opened too late to see the certificate expire");
                await Task.Delay(wait);
                return expiredAt;
        }
    }

    /// <summary>What the stream would carry: a document to its owner, or a status on the owner's document.</summary>
    private async Task ProduceAsync(Stream stream, string counterpart, string? earlier, byte[] pdf)
    {
        var counterpartCalls = _server.Agency(counterpart);
        if (stream == Stream.Statuses)
        {
            await counterpartCalls.UnaryAsync(Exchange.Methods.PostStatus, new PostStatusRequest { DocumentId = earlier, StatusCode = DocExchange.Protocol.V1.ProcessingStatusCode.Arrived });
            return;
        }

        try
        {
            await Exchanges.SendAsync(counterpartCalls, Exchanges.Header("stream-2", TestServer.H41, pdf), pdf);
        }
        catch (RpcException e) when (e.StatusCode == GrpcStatusCode.FailedPrecondition && e.Status.Detail.Contains("deactivated", StringComparison.Ordinal))
        {
            // A deactivated recipient cannot be sent to at all.
        }
    }

    /// <summary>
    /// Reads until the server ends the stream or <see cref="Interval"/> + <see cref="Slack"/> after
    /// <paramref name="changedAt"/>; returns how it ended (null: still open) and what it carried, each message counted
    /// by <paramref name="weigh"/> (1 per item, or its bytes).
    /// </summary>
    private static async Task<(RpcException? End, int Received)> ReadToEndAsync<T>(IAsyncStreamReader<T> stream, Func<T, int> weigh, DateTimeOffset changedAt)
    {
        var left = changedAt + Interval + Slack - DateTimeOffset.UtcNow;
        using var patience = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        var received = 0;
        try
        {
            while (await stream.MoveNext(patience.Token))
            {
                received += weigh(stream.Current);
            }

            return (new RpcException(new Status(GrpcStatusCode.OK, "the server ended the stream without a status")), received);
        }
        catch (RpcException e) when (!patience.IsCancellationRequested)
        {
            return (e, received);
        }
        catch (Exception e) when (patience.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            return (null, received);
        }
    }
}
