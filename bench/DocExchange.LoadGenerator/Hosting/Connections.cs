using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Bench;
using Grpc.Core;
using Grpc.Net.Client;

namespace DocExchange.LoadGenerator.Hosting;

/// <summary>
/// Mutual-TLS channels to the server, one per identity (each agency system has its own connection and certificate),
/// trusting only the bench root for the server's certificate.
/// </summary>
internal sealed class Connections : IDisposable
{
    private readonly Uri _address;
    private readonly BenchPki _pki;
    private readonly X509Certificate2 _root;
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<X509Certificate2> _certificates = [];

    public Connections(Uri address, BenchPki pki)
    {
        _address = address;
        _pki = pki;
        _root = pki.RootCertificate;
    }

    public CallInvoker Agency(string code) => Open(_pki.IssueAgencyClient(code));

    public CallInvoker Role(string role) => Open(_pki.IssueRoleClient(role));

    /// <summary>The client library agencies embed, as <paramref name="code"/>, for measuring what an integrator's process holds.</summary>
    public DocExchange.Client.DocExchangeClient AgencyLibrary(string code)
    {
        var certificate = _pki.IssueAgencyClient(code);
        _certificates.Add(certificate);
        var options = new DocExchange.Client.DocExchangeClientOptions { Address = _address, ClientCertificate = certificate };
        options.TrustedRoots.Add(_root);
        return new DocExchange.Client.DocExchangeClient(options);
    }

    private CallInvoker Open(X509Certificate2 certificate)
    {
        _certificates.Add(certificate);
        var handler = Http2Handlers.Create();
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [certificate],
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && ChainsToRoot(presented),
        };
        var channel = GrpcChannel.ForAddress(_address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _channels.Add(channel);
        return channel.CreateCallInvoker();
    }

    private bool ChainsToRoot(X509Certificate presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        foreach (var certificate in _certificates)
        {
            certificate.Dispose();
        }
        _root.Dispose();
    }
}
