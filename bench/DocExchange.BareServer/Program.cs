using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// The bare transport: grpc.health.v1.Health/Check served by Kestrel over HTTP/2 and mutual TLS, with grpc-dotnet's
// standard health service over one health check that always answers healthy (so the call runs the same library code
// as on the DocExchange server, and answers SERVING), and nothing else: no interceptors, no request logging, no limits
// beyond Kestrel's defaults, no storage. The load generator runs it in its own process,
// as it runs the DocExchange server, to compare the same empty call through both. Usage:
//   DocExchange.BareServer --cert server.pfx --password PASSWORD --client-ca root-ca.crt [--port 0]
// It prints "bare transport: serving gRPC on https://127.0.0.1:PORT" once it listens, and stops on SIGTERM.
string? certificatePath = Option("--cert"), password = Option("--password"), clientCaPath = Option("--client-ca");
if (certificatePath is null || clientCaPath is null || !int.TryParse(Option("--port") ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: DocExchange.BareServer --cert server.pfx --password PASSWORD --client-ca root-ca.crt [--port 0]");
    return 2;
}

X509Certificate2 certificate;
X509Certificate2Collection clientCas = [];
try
{
    certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password, X509KeyStorageFlags.EphemeralKeySet);
    clientCas.ImportFromPemFile(clientCaPath);
}
catch (Exception e) when (e is CryptographicException or IOException)
{
    Console.Error.WriteLine($"bare transport: cannot read the TLS material: {e.Message}");
    return 1;
}

var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseKestrelCore();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            // Plain mutual TLS: the handshake requires a client certificate that chains to the client CA.
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (presented, _, _) => ChainsToClientCa(presented);
        });
    });
});
builder.Services.AddGrpc();
// Without any check registered the health service would answer UNKNOWN.
builder.Services.AddGrpcHealthChecks().AddCheck("serving", () => HealthCheckResult.Healthy());

await using var app = builder.Build();
app.MapGrpcHealthChecksService();
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
Console.WriteLine($"bare transport: serving gRPC on {address}");
await app.WaitForShutdownAsync();
return 0;

bool ChainsToClientCa(X509Certificate2 presented)
{
    using var chain = new X509Chain();
    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
    chain.ChainPolicy.CustomTrustStore.AddRange(clientCas);
    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
    return chain.Build(presented);
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
