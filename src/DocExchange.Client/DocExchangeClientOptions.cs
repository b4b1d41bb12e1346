using System.Security.Cryptography.X509Certificates;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace DocExchange.Client;

/// <summary>Where the server is, who the client is, and how calls behave.</summary>
public sealed class DocExchangeClientOptions
{
    /// <summary>The largest chunk the client sends: well under the server's 4 MiB message limit.</summary>
    public const int MaxChunkSize = 1024 * 1024;

    /// <summary>The server: https://host:port, or http://127.0.0.1:port for the development plaintext endpoint.</summary>
    public Uri? Address { get; set; }

    /// <summary>The agency's (or role's) client certificate with its private key. Takes precedence over <see cref="ClientCertificatePath"/>.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>A PKCS#12 (.pfx/.p12) file holding the client certificate and its private key.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The password of <see cref="ClientCertificatePath"/>, if it has one.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// A PEM file of the root certificates the server's certificate must chain to. With neither this nor
    /// <see cref="TrustedRoots"/>, the system's trust store decides.
    /// </summary>
    public string? TrustedRootsPath { get; set; }

    /// <summary>Root certificates the server's certificate must chain to, besides those of <see cref="TrustedRootsPath"/>.</summary>
    public IList<X509Certificate2> TrustedRoots { get; } = [];

    /// <summary>
    /// Deadline of each attempt of a call; null for none. Not applied to the endless streams (inbox and status
    /// watch), nor to Send and Fetch (see <see cref="TransferTimeout"/>). Default 30 s.
    /// </summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of each Send and Fetch attempt, whose duration grows with the document; null (default) for none.</summary>
    public TimeSpan? TransferTimeout { get; set; }

    /// <summary>
    /// How long an attempt of a transfer may go without progress before it is abandoned as stalled: no message received
    /// from the server (Fetch, FetchAll, FetchPackage, the sealed PDF of Seal), or no write of the upload completed
    /// (Send, SendPackage, Seal, Verify). A stalled attempt fails as UNAVAILABLE and is retried like a lost connection,
    /// so it bounds a transfer that hangs however large the document (unlike <see cref="TransferTimeout"/>), as curl's
    /// --speed-time does. The wait for the server's answer once an upload is complete is not watched: the server is
    /// silent while it checks and stores the document, signs or validates. The inbox and status streams, idle by
    /// nature, are not watched either. The client's keep-alive pings follow this setting, so that a dead connection is
    /// given up within about as long. Null for no check. Default 60 s.
    /// </summary>
    public TimeSpan? StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How the error of an abandoned stalled transfer names the setting behind <see cref="StallTimeout"/>, so that its
    /// reader knows what to change: an application that lets its users set the timeout under a name of its own (an
    /// environment variable, a command-line option) puts that name here. Default <c>DocExchangeClientOptions.StallTimeout</c>.
    /// </summary>
    public string StallTimeoutSetting { get; set; } = "DocExchangeClientOptions.StallTimeout";

    /// <summary>Retries of transient failures and resumption of streams.</summary>
    public DocExchangeRetryOptions Retry { get; set; } = new();

    /// <summary>Size of the content chunks sent. Default 64 KiB.</summary>
    public int ChunkSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Development only: the identity to claim on the server's plaintext loopback endpoint, sent as the
    /// x-docexchange-dev-caller header, e.g. "agency:000.00.00.G22" or "operator". Allowed only with an
    /// http:// <see cref="Address"/>; the server honours it only when its development switch is on.
    /// </summary>
    public string? DevelopmentCaller { get; set; }

    /// <summary>Where Grpc.Net.Client logs its calls and connections (e.g. the host's factory); null for nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The HTTP handler to send through, e.g. one with a proxy or an outgoing <see cref="DelegatingHandler"/>, which the
    /// caller keeps and disposes. Its TLS settings then apply: <see cref="ClientCertificate"/>,
    /// <see cref="ClientCertificatePath"/> and the trusted roots are not used. Null (default): a
    /// <see cref="SocketsHttpHandler"/> of the client's own, set up from those options.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Interceptors every call goes through (outside the client's retries: each attempt passes them), first one outermost.</summary>
    public IList<Interceptor> Interceptors { get; } = [];

    internal void Validate()
    {
        if (Address is null)
        {
            throw new ArgumentException("DocExchangeClientOptions.Address is required, e.g. https://docexchange.example.gov.vn:5443.");
        }

        if (Address.Scheme != Uri.UriSchemeHttps && Address.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"DocExchangeClientOptions.Address '{Address}' must start with https:// (or http:// for the development endpoint).");
        }

        if (DevelopmentCaller is not null && Address.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException(
                "DocExchangeClientOptions.DevelopmentCaller is only for the development plaintext endpoint (an http:// address); over https the client certificate says who the caller is.");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "DocExchangeClientOptions.Timeout must be positive, or null for none.");
        }

        if (TransferTimeout is { } transferTimeout && transferTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TransferTimeout), transferTimeout, "DocExchangeClientOptions.TransferTimeout must be positive, or null for none.");
        }

        if (StallTimeout is { } stallTimeout && stallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StallTimeout), stallTimeout, "DocExchangeClientOptions.StallTimeout must be positive, or null for none.");
        }

        if (ChunkSize is < 1024 or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, $"DocExchangeClientOptions.ChunkSize must be between 1 KiB and {MaxChunkSize / 1024} KiB.");
        }

        ArgumentNullException.ThrowIfNull(Retry, nameof(Retry));
        Retry.Validate();
    }
}
