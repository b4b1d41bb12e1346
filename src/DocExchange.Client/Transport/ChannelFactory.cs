using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace DocExchange.Client.Transport;

/// <summary>Builds the HTTP/2 channel: mutual TLS with the client certificate, the server checked against the trusted roots.</summary>
internal static class ChannelFactory
{
    /// <summary>
    /// A <see cref="GrpcChannel"/> to <see cref="DocExchangeClientOptions.Address"/>, through
    /// <see cref="DocExchangeClientOptions.HttpHandler"/> when one is given, else through <see cref="CreateHandler"/>'s.
    /// </summary>
    public static GrpcChannel Create(DocExchangeClientOptions options, List<IDisposable> owned) =>
        GrpcChannel.ForAddress(options.Address!, new GrpcChannelOptions
        {
            HttpHandler = options.HttpHandler ?? CreateHandler(options, owned),
            DisposeHttpClient = options.HttpHandler is null,
            LoggerFactory = options.LoggerFactory,
        });

    /// <summary>HTTP/2 over sockets, more than one connection when streams run out, and the TLS settings of the options.</summary>
    public static SocketsHttpHandler CreateHandler(DocExchangeClientOptions options, List<IDisposable> owned)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingDelay = KeepAlive(options.StallTimeout, TimeSpan.FromSeconds(60)),
            KeepAlivePingTimeout = KeepAlive(options.StallTimeout, TimeSpan.FromSeconds(30)),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (options.Address!.Scheme == Uri.UriSchemeHttps)
        {
            var roots = LoadTrustedRoots(options, owned);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = roots.Count == 0
                    ? static (_, _, _, errors) => errors == SslPolicyErrors.None
                    : (_, certificate, chain, errors) => ChainsToTrustedRoot(certificate, chain, errors, roots),
            };
            if (LoadClientCertificate(options, owned) is { } clientCertificate)
            {
                handler.SslOptions.ClientCertificates = [clientCertificate];
            }
        }

        return handler;
    }

    /// <summary>
    /// Half the stall timeout (at least the handler's minimum of 1 s, at most <paramref name="longest"/>): a connection
    /// that has gone silent is then given up (ping unanswered) within about the stall timeout, so the retry of a stalled
    /// transfer opens a new connection instead of waiting on a dead one.
    /// </summary>
    private static TimeSpan KeepAlive(TimeSpan? stallTimeout, TimeSpan longest) =>
        stallTimeout is { } stall ? TimeSpan.FromTicks(Math.Clamp(stall.Ticks / 2, TimeSpan.TicksPerSecond, longest.Ticks)) : longest;

    private static X509Certificate2? LoadClientCertificate(DocExchangeClientOptions options, List<IDisposable> owned)
    {
        if (options.ClientCertificate is { } given)
        {
            if (!given.HasPrivateKey)
            {
                throw new ArgumentException($"The client certificate '{given.Subject}' has no private key: give the PKCS#12 file that holds both.");
            }

            return given;
        }

        if (options.ClientCertificatePath is not { } path)
        {
            return null;
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"Cannot read the client certificate '{path}': {ex.Message} (is the password right?)", ex);
        }

        owned.Add(loaded);
        if (!loaded.HasPrivateKey)
        {
            throw new ArgumentException($"The client certificate file '{path}' holds no private key.");
        }

        return loaded;
    }

    private static X509Certificate2Collection LoadTrustedRoots(DocExchangeClientOptions options, List<IDisposable> owned)
    {
        var roots = new X509Certificate2Collection();
        if (options.TrustedRootsPath is { } path)
        {
            var fromFile = new X509Certificate2Collection();
            try
            {
                fromFile.ImportFromPemFile(path);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new ArgumentException($"Cannot read the trusted roots '{path}': {ex.Message}", ex);
            }

            if (fromFile.Count == 0)
            {
                throw new ArgumentException($"The trusted roots file '{path}' holds no PEM certificate.");
            }

            owned.AddRange(fromFile);
            roots.AddRange(fromFile);
        }

        roots.AddRange(options.TrustedRoots.ToArray());
        return roots;
    }

    private static bool ChainsToTrustedRoot(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        // The name must still match; only the chain is judged against our roots instead of the system store.
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
