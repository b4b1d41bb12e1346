using System.Net.Http.Headers;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;
using BcCrlDistPoint = Org.BouncyCastle.Asn1.X509.CrlDistPoint;
using BcDistributionPointName = Org.BouncyCastle.Asn1.X509.DistributionPointName;
using BcGeneralName = Org.BouncyCastle.Asn1.X509.GeneralName;
using BcGeneralNames = Org.BouncyCastle.Asn1.X509.GeneralNames;
using BcOcspReqGenerator = Org.BouncyCastle.Ocsp.OcspReqGenerator;

namespace DocExchange.Signing.Validation;

/// <summary>
/// Fetches revocation data over HTTP when the offline data does not answer: an OCSP response from the certificate's
/// authority information access (RFC 6960 Appendix A.1, POST) and a CRL from its CRL distribution points
/// (RFC 5280 §4.2.1.13). Only http and https URLs; responses are size-limited and time-limited, and redirects are
/// not followed (give it an <see cref="HttpClient"/> from <see cref="CreateHttpClient"/>): a responder named in a
/// certificate must not send the server elsewhere.
/// </summary>
public sealed class OnlineRevocationClient(HttpClient http)
{
    private const int MaxOcspResponseBytes = 1024 * 1024;
    private const int MaxCrlBytes = 16 * 1024 * 1024;
    private const string CrlDistributionPointsOid = "2.5.29.31";

    /// <summary>How long one fetch may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long all the fetches of one validation may take together.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>An HTTP client for this class: no redirects followed, no cookies.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    /// <summary>The OCSP URLs of the certificate's authority information access extension.</summary>
    public static IReadOnlyList<Uri> OcspUrls(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions.OfType<X509AuthorityInformationAccessExtension>().FirstOrDefault();
        return extension is null ? [] : Http(extension.EnumerateOcspUris());
    }

    /// <summary>The URLs of the certificate's CRL distribution points.</summary>
    public static IReadOnlyList<Uri> CrlUrls(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[CrlDistributionPointsOid];
        if (extension is null)
        {
            return [];
        }
        try
        {
            var points = BcCrlDistPoint.GetInstance(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(extension.RawData)).GetDistributionPoints();
            return Http(points
                .Select(p => p.DistributionPointName)
                .Where(n => n is { Type: BcDistributionPointName.FullName })
                .SelectMany(n => BcGeneralNames.GetInstance(n.Name).GetNames())
                .Where(g => g.TagNo == BcGeneralName.UniformResourceIdentifier)
                .Select(g => g.Name.ToString()!));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }

    /// <summary>Asks the certificate's OCSP responders; the first DER response received, or null with the problems noted.</summary>
    public Task<byte[]?> FetchOcspAsync(X509Certificate2 certificate, X509Certificate2 issuer, ICollection<string> problems, CancellationToken cancellationToken) =>
        FetchOcspAsync(certificate, issuer, problems, Timeout, cancellationToken);

    /// <summary>As <see cref="FetchOcspAsync(X509Certificate2, X509Certificate2, ICollection{string}, CancellationToken)"/>, each fetch within <paramref name="budget"/> as well.</summary>
    public async Task<byte[]?> FetchOcspAsync(X509Certificate2 certificate, X509Certificate2 issuer, ICollection<string> problems, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(problems);
        var urls = OcspUrls(certificate);
        if (urls.Count == 0)
        {
            return null;
        }
        byte[] request;
        try
        {
            var generator = new BcOcspReqGenerator();
            var bcIssuer = new BcCertificateParser().ReadCertificate(issuer.RawData);
            generator.AddRequest(OcspCertificateIds.For(bcIssuer, new Org.BouncyCastle.Math.BigInteger(1, certificate.SerialNumberBytes.ToArray())));
            request = generator.Generate().GetEncoded();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"No OCSP request could be built for '{certificate.Subject}': {e.Message}");
            return null;
        }
        foreach (var url in urls)
        {
            using var content = new ByteArrayContent(request);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
            var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content }, MaxOcspResponseBytes, "OCSP responder", problems, budget, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return response;
            }
        }
        return null;
    }

    /// <summary>Downloads the certificate's CRLs from its distribution points; the first one received, or null with the problems noted.</summary>
    public Task<byte[]?> FetchCrlAsync(X509Certificate2 certificate, ICollection<string> problems, CancellationToken cancellationToken) =>
        FetchCrlAsync(certificate, problems, Timeout, cancellationToken);

    /// <summary>As <see cref="FetchCrlAsync(X509Certificate2, ICollection{string}, CancellationToken)"/>, each fetch within <paramref name="budget"/> as well.</summary>
    public async Task<byte[]?> FetchCrlAsync(X509Certificate2 certificate, ICollection<string> problems, TimeSpan budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var url in CrlUrls(certificate))
        {
            var crl = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url), MaxCrlBytes, "CRL distribution point", problems, budget, cancellationToken).ConfigureAwait(false);
            if (crl is not null)
            {
                return crl;
            }
        }
        return null;
    }

    private async Task<byte[]?> SendAsync(HttpRequestMessage request, int limit, string what, ICollection<string> problems, TimeSpan budget, CancellationToken cancellationToken)
    {
        using (request)
        {
            var allowed = budget < Timeout ? budget : Timeout;
            if (allowed <= TimeSpan.Zero)
            {
                problems.Add($"The {what} {request.RequestUri} was not asked: the {TotalTimeout.TotalSeconds:0} s for online revocation data per validation were spent.");
                return null;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(allowed);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    problems.Add($"The {what} {request.RequestUri} answered HTTP {(int)response.StatusCode}.");
                    return null;
                }
                if (response.Content.Headers.ContentLength > limit)
                {
                    problems.Add($"The {what} {request.RequestUri} sent more than {limit} bytes.");
                    return null;
                }
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        problems.Add($"The {what} {request.RequestUri} sent more than {limit} bytes.");
                        return null;
                    }
                    buffer.Write(chunk, 0, read);
                }
                return buffer.ToArray();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"The {what} {request.RequestUri} did not answer within {allowed.TotalSeconds:0.#} s.");
                return null;
            }
            catch (HttpRequestException e)
            {
                problems.Add($"The {what} {request.RequestUri} could not be reached: {e.Message}");
                return null;
            }
        }
    }

    private static List<Uri> Http(IEnumerable<string> urls) =>
        urls.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(u => u.Scheme is "http" or "https")
            .ToList();
}
