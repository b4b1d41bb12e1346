using System.Net;
using System.Net.Sockets;
using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Tests.Infrastructure;

/// <summary>A real HTTP server on loopback that answers OCSP requests (POST /ocsp) and serves a CRL (GET /crl).</summary>
internal sealed class LoopbackRevocationServer : IDisposable
{
    // A port taken by another process between finding it free and listening on it is tried again this many times in all.
    private const int ListenAttempts = 5;

    private readonly HttpListener _listener;
    private readonly Task _loop;
    private int _ocspRequests;
    private int _crlRequests;

    public LoopbackRevocationServer()
    {
        // HttpListener cannot listen on port 0 and say which port it got, so it listens on one found free a moment ago.
        for (var attempt = 1; ; attempt++)
        {
            var listener = new HttpListener();
            var baseUrl = new Uri($"http://127.0.0.1:{FreePort()}/");
            listener.Prefixes.Add(baseUrl.AbsoluteUri);
            try
            {
                listener.Start();
                (_listener, BaseUrl) = (listener, baseUrl);
                break;
            }
            catch (HttpListenerException) when (attempt < ListenAttempts)
            {
                listener.Close();
            }
        }
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }
    public Uri OcspUrl => new(BaseUrl, "ocsp");
    public Uri CrlUrl => new(BaseUrl, "crl");
    /// <summary>Answers POST /ocsp; 404 while null.</summary>
    public OcspResponder? Responder { get; set; }

    /// <summary>Served at GET /crl; 404 while null.</summary>
    public byte[]? Crl { get; set; }

    /// <summary>When set, GET /crl answers 302 to this address instead (the CRL stays at GET /crl-moved).</summary>
    public Uri? RedirectCrlTo { get; set; }

    public Uri MovedCrlUrl => new(BaseUrl, "crl-moved");

    public int OcspRequests => Volatile.Read(ref _ocspRequests);
    public int CrlRequests => Volatile.Read(ref _crlRequests);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client hung up before the answer was written (e.g. it gave up waiting): serve the next one.
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        byte[]? body = null;
        if (context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath == "/ocsp" && Responder is { } responder
            && context.Request.ContentType == "application/ocsp-request")
        {
            Interlocked.Increment(ref _ocspRequests);
            using var request = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(request);
            body = responder.Respond(request.ToArray());
            response.ContentType = "application/ocsp-response";
        }
        else if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath == "/crl" && RedirectCrlTo is { } target)
        {
            response.Redirect(target.AbsoluteUri);
            response.Close();
            return;
        }
        else if (context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath is "/crl" or "/crl-moved" && Crl is { } crl)
        {
            Interlocked.Increment(ref _crlRequests);
            body = crl;
            response.ContentType = "application/pkix-crl";
        }
        response.StatusCode = body is null ? 404 : 200;
        if (body is not null)
        {
            await response.OutputStream.WriteAsync(body);
        }
        response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
