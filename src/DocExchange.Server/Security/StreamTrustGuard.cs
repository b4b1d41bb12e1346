using Grpc.Core;
using DocExchange.Server.Configuration;
using DocExchange.Server.Identity;
using Microsoft.Extensions.Options;

namespace DocExchange.Server.Security;

/// <summary>
/// Keeps a long-lived server stream (SubscribeInbox, WatchStatuses, and the downloads Fetch and FetchPackage) under
/// the judgement every new call gets: a TLS connection and a stream opened on it outlive a revocation, an expiry or a
/// deactivation. The caller's certificate is judged again by the <see cref="ClientCertificateAuthenticator"/>, and its
/// agency's standing by <see cref="AgencyStanding"/>, at least every <see cref="Interval"/> (and, where the stream
/// asks with <see cref="GuardedStream.EnsureTrustedAsync"/>, before every message); a refusal ends the stream with
/// the status a new call would get (UNAUTHENTICATED for the certificate, FAILED_PRECONDITION for a deactivated agency).
/// </summary>
public sealed class StreamTrustGuard(
    ClientCertificateAuthenticator authenticator, RegistryTrustCache registry, Authorization.RefusalAudit refusals, IOptions<DocExchangeOptions> options, TimeProvider time)
{
    /// <summary>Below this, a zero cache lifetime would turn the idle re-check into a busy loop.</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often an idle stream is judged again: the registry cache lifetime, or the CRL folder's reload
    /// interval when that is shorter, since neither can change a verdict sooner.</summary>
    public TimeSpan Interval
    {
        get
        {
            var interval = registry.Lifetime;
            var tls = options.Value.Tls;
            if (!string.IsNullOrWhiteSpace(tls.ClientCrlDirectory) && TimeSpan.FromSeconds(tls.ClientCrlReloadSeconds) < interval)
            {
                interval = TimeSpan.FromSeconds(tls.ClientCrlReloadSeconds);
            }

            return interval < MinimumInterval ? MinimumInterval : interval;
        }
    }

    /// <summary>
    /// Runs <paramref name="stream"/> (which must use <see cref="GuardedStream.CancellationToken"/> and call
    /// <see cref="GuardedStream.EnsureTrustedAsync"/> before each message) until it ends, the client leaves, or the
    /// caller loses the trust the call was admitted with; then the call ends with that refusal's status.
    /// </summary>
    public async Task RunAsync(ServerCallContext context, Func<GuardedStream, Task> stream)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stream);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var guarded = new GuardedStream(this, context, cancellation);
        var watch = WatchAsync(guarded, cancellation.Token);
        try
        {
            await stream(guarded).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (guarded.Refusal is not null)
        {
            // Reported below.
        }
        catch (RpcException) when (guarded.Refusal is not null)
        {
            // EnsureTrustedAsync's: reported below.
        }
        finally
        {
            await cancellation.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }

        if (guarded.Refusal is { } refused)
        {
            // Audited as a new call's refusal would be.
            await refusals.RecordAsync(context, refused).ConfigureAwait(false);
            throw Refused(refused);
        }
    }

    internal async ValueTask<CallRefusal?> JudgeAsync(ServerCallContext context, CancellationToken cancellationToken)
    {
        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate
            && (await authenticator.AuthenticateAsync(certificate, cancellationToken).ConfigureAwait(false)).Refusal is { } refusal)
        {
            return refusal;
        }

        return await AgencyStanding.RefusalAsync(registry, context.Method, context.Caller(), cancellationToken).ConfigureAwait(false);
    }

    internal static RpcException Refused(CallRefusal refusal) => new(new Status(refusal.StatusCode, refusal.Message));

    private async Task WatchAsync(GuardedStream guarded, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await guarded.JudgeAsync().ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stream ended first.
        }
    }
}

/// <summary>A stream run by <see cref="StreamTrustGuard.RunAsync"/>: its cancellation, and the check before each message.</summary>
public sealed class GuardedStream
{
    private readonly StreamTrustGuard _guard;
    private readonly ServerCallContext _context;
    private readonly CancellationTokenSource _cancellation;
    private CallRefusal? _refusal;

    internal GuardedStream(StreamTrustGuard guard, ServerCallContext context, CancellationTokenSource cancellation)
    {
        _guard = guard;
        _context = context;
        _cancellation = cancellation;
    }

    /// <summary>Cancelled when the client leaves or the caller loses trust.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    internal CallRefusal? Refusal => Volatile.Read(ref _refusal);

    /// <summary>Throws the refusal a new call would get if the caller is no longer trusted, so nothing more is sent.</summary>
    public async ValueTask EnsureTrustedAsync()
    {
        if (await JudgeAsync().ConfigureAwait(false))
        {
            throw StreamTrustGuard.Refused(Refusal!);
        }
    }

    /// <summary>
    /// Throws the refusal the guard has found (at its last look, at most <see cref="StreamTrustGuard.Interval"/> ago), so
    /// nothing more is sent; costs nothing when there is none. For a download, whose writes take the call's own
    /// cancellation: cancelling a write under way would reset the stream instead of ending it with the refusal's status.
    /// </summary>
    public void ThrowIfRefused()
    {
        if (Refusal is { } refused) throw StreamTrustGuard.Refused(refused);
    }

    /// <summary>True (and the stream cancelled) when the caller is no longer trusted.</summary>
    internal async ValueTask<bool> JudgeAsync()
    {
        if (Refusal is not null)
        {
            return true;
        }

        var refusal = await _guard.JudgeAsync(_context, _cancellation.Token).ConfigureAwait(false);
        if (refusal is null)
        {
            return false;
        }

        Interlocked.CompareExchange(ref _refusal, refusal, null);
        await _cancellation.CancelAsync().ConfigureAwait(false);
        return true;
    }
}
