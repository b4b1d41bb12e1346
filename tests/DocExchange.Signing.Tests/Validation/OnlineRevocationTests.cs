using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;
using DocExchange.Testing.Network;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>Revocation fetched over HTTP (OCSP from the AIA, CRL from the CDP) from a loopback server, only when asked for and when nothing offline answers.</summary>
public sealed class OnlineRevocationTests
{
    private static readonly HttpClient Http = new();

    /// <summary>
    /// How long a fetch from the loopback server may take: these tests are about what is fetched and how its answer is
    /// applied, not how fast, and a busy machine can take seconds to answer.
    /// </summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static SamplePki Pki => SharedPki.WithEcdsaSigners;

    /// <summary>The agency CA's status comes offline from the root's CRL; the signer's has to be fetched.</summary>
    private static ValidationOptions Options(bool online) => new()
    {
        TrustAnchors = [Pki.Root.Certificate],
        Crls = [Pki.RootCrl],
        RevocationPolicy = RevocationPolicy.Require,
        OnlineRevocation = online ? new OnlineRevocationClient(Http) { Timeout = Patience, TotalTimeout = Patience } : null,
    };

    private static X509Certificate2 IssueSigner(string name, Uri? ocspUrl, Uri? crlUrl) =>
        Pki.AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(new X500DistinguishedName($"CN={name}, O=Test, C=VN"))
        {
            OcspUrl = ocspUrl,
            CrlUrl = crlUrl,
        });

    private static Task<SignatureReport> ValidateAsync(X509Certificate2 signer, bool online) => ValidateAsync(signer, Options(online));

    private static async Task<SignatureReport> ValidateAsync(X509Certificate2 signer, ValidationOptions options)
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), signer, Pki.AgencyChain);
        return Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);
    }

    [Fact]
    public async Task The_OCSP_responder_named_in_the_certificate_is_asked_only_when_online_checking_is_enabled()
    {
        using var server = new LoopbackRevocationServer { Responder = new OcspResponder(Pki.AgencyCa.Certificate, Pki.OcspSigner, []) };
        using var signer = IssueSigner("Online Good", server.OcspUrl, null);

        var offline = await ValidateAsync(signer, online: false);
        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (offline.Indication, offline.SubIndication));
        Assert.Equal(0, server.OcspRequests);

        var online = await ValidateAsync(signer, online: true);
        Assert.True(online.Indication == Indication.TotalPassed, string.Join("; ", online.Errors));
        Assert.Equal(1, server.OcspRequests);
        Assert.Equal(0, server.CrlRequests);
    }

    [Fact]
    public async Task A_revoked_answer_from_the_online_OCSP_responder_is_applied()
    {
        using var server = new LoopbackRevocationServer();
        using var signer = IssueSigner("Online Revoked", server.OcspUrl, null);
        server.Responder = new OcspResponder(Pki.AgencyCa.Certificate, Pki.OcspSigner, [new CertificateRevocation(signer, DateTimeOffset.UtcNow.AddMinutes(-10))]);

        var report = await ValidateAsync(signer, online: true);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (report.Indication, report.SubIndication));
        Assert.Equal(1, server.OcspRequests);
    }

    [Fact]
    public async Task The_CRL_distribution_point_is_downloaded_when_there_is_no_OCSP_responder()
    {
        using var server = new LoopbackRevocationServer();
        using var good = IssueSigner("CDP Good", null, server.CrlUrl);
        using var revoked = IssueSigner("CDP Revoked", null, server.CrlUrl);
        server.Crl = Pki.AgencyCa.CreateCrl([new CertificateRevocation(revoked, DateTimeOffset.UtcNow.AddMinutes(-10))]);

        var goodReport = await ValidateAsync(good, online: true);
        var revokedReport = await ValidateAsync(revoked, online: true);

        Assert.True(goodReport.Indication == Indication.TotalPassed, string.Join("; ", goodReport.Errors));
        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (revokedReport.Indication, revokedReport.SubIndication));
        Assert.Equal(2, server.CrlRequests);
    }

    [Fact]
    public async Task An_unreachable_responder_leaves_the_status_unknown_with_the_reason()
    {
        using var port = new ClosedLoopbackPort();
        var closed = new Uri($"http://127.0.0.1:{port.Port}/ocsp");
        using var signer = IssueSigner("Unreachable", closed, null);

        var report = await ValidateAsync(signer, online: true);

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (report.Indication, report.SubIndication));
        Assert.Contains(report.Errors, e => e.Contains(closed.AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_from_a_CRL_distribution_point_is_not_followed()
    {
        using var server = new LoopbackRevocationServer();
        using var signer = IssueSigner("CDP Redirect", null, server.CrlUrl);
        server.Crl = Pki.AgencyCa.CreateCrl([]);
        server.RedirectCrlTo = server.MovedCrlUrl;
        using var http = OnlineRevocationClient.CreateHttpClient();

        var report = await ValidateAsync(signer, Options(online: false) with { OnlineRevocation = new OnlineRevocationClient(http) { Timeout = Patience, TotalTimeout = Patience } });

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (report.Indication, report.SubIndication));
        Assert.Contains(report.Errors, e => e.Contains("answered HTTP 302", StringComparison.Ordinal));
        Assert.Equal(0, server.CrlRequests);
    }

    [Fact]
    public async Task The_online_fetches_of_one_validation_stop_when_their_total_time_is_spent()
    {
        // Accepts connections (the kernel completes the handshake) and never answers.
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            using var signer = IssueSigner("Silent", new Uri($"http://127.0.0.1:{port}/ocsp"), new Uri($"http://127.0.0.1:{port}/crl"));
            // Each fetch alone could wait a minute: only the total time of 1 s can end the validation sooner.
            var online = new OnlineRevocationClient(Http) { Timeout = Patience, TotalTimeout = TimeSpan.FromSeconds(1) };
            var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), signer, Pki.AgencyChain);
            var started = System.Diagnostics.Stopwatch.StartNew();

            var report = Assert.Single((await Validate.PdfAsync(signed, Options(online: false) with { OnlineRevocation = online })).Signatures);

            Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (report.Indication, report.SubIndication));
            Assert.Contains(report.Errors, e => e.Contains("did not answer within 1 s", StringComparison.Ordinal));
            Assert.Contains(report.Errors, e => e.Contains($"http://127.0.0.1:{port}/crl was not asked", StringComparison.Ordinal));
            Assert.True(started.Elapsed < Patience / 2, $"validation took {started.Elapsed}");
        }
        finally
        {
            silent.Stop();
        }
    }
}
