using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Agencies;
using DocExchange.Core.Storage;
using Grpc.Core;
using DocExchange.Server.Identity;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Security;

/// <summary>The identity a client certificate establishes, and, when it must be refused, why.</summary>
/// <param name="Identity">
/// What the certificate proves: anonymous (with its thumbprint) when it binds nothing or is refused; what a refused
/// certificate claims is <see cref="CallRefusal.Claimed"/>.
/// </param>
public sealed record ClientAuthentication(CallerIdentity Identity, CallRefusal? Refusal);

/// <summary>
/// The one place that decides, on every call, what a client certificate proves (docs/SECURITY.md, "Client certificate
/// trust"). The certificate binds an identity through its SAN URI, or, without one, through a thumbprint the registry
/// pinned for an agency. An agency certificate must chain to a CA the registry trusts for that agency (to
/// DocExchange:Tls:ClientCaPath while it trusts none), an operator or auditor certificate to ClientCaPath; it must be
/// meant for TLS client authentication (its extended key usage, when it has one, names it); every
/// certificate on the path must be valid now and not revoked by the CRL folder or, for an agency, by a CRL the registry
/// published for it. Verdicts are kept per certificate (and on the connection's certificate object) until the registry or the CRL folder changes, the registry cache
/// lifetime passes, or the certificate expires.
/// </summary>
public sealed class ClientCertificateAuthenticator(
    DeploymentClientCas deploymentCas, RegistryTrustCache registry, ClientCertificateRevocation revocation, TimeProvider time)
{
    private const int MaxCachedVerdicts = 10_000;

    private readonly ConcurrentDictionary<Sha256Digest, Verdict> _verdicts = new();

    // Kestrel hands every call on a TLS connection the same certificate object: its thumbprint and latest verdict ride
    // on it, so a call on a known connection neither hashes the certificate nor looks the verdict up. The verdict is
    // checked for staleness exactly as one from the shared cache.
    private readonly ConditionalWeakTable<X509Certificate2, ConnectionCertificate> _connections = new();

    public ValueTask<ClientAuthentication> AuthenticateAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var connection = _connections.GetValue(certificate, static c => new ConnectionCertificate(Sha256Digest.FromBytes(c.GetCertHash(HashAlgorithmName.SHA256))));
        var now = time.GetUtcNow();
        var generation = registry.Generation;
        var configuredCrls = revocation.ConfiguredCrls();
        if (IsCurrent(connection.Verdict, generation, configuredCrls, now) is { } onConnection)
        {
            return ValueTask.FromResult(onConnection.Result);
        }

        if (_verdicts.TryGetValue(connection.Thumbprint, out var cached) && IsCurrent(cached, generation, configuredCrls, now) is not null)
        {
            connection.Verdict = cached;
            return ValueTask.FromResult(cached.Result);
        }

        return DecideAndKeepAsync(certificate, connection, now, generation, configuredCrls, cancellationToken);
    }

    private async ValueTask<ClientAuthentication> DecideAndKeepAsync(
        X509Certificate2 certificate, ConnectionCertificate connection, DateTimeOffset now, long generation, CrlSet configuredCrls, CancellationToken cancellationToken)
    {
        var result = await DecideAsync(certificate, connection.Thumbprint, now, configuredCrls, cancellationToken).ConfigureAwait(false);
        if (_verdicts.Count >= MaxCachedVerdicts)
        {
            _verdicts.Clear();
        }

        var validUntil = Min(now + registry.Lifetime, new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        var verdict = new Verdict(result, generation, configuredCrls, validUntil);
        _verdicts[connection.Thumbprint] = verdict;
        connection.Verdict = verdict;
        return result;
    }

    private static Verdict? IsCurrent(Verdict? verdict, long generation, CrlSet configuredCrls, DateTimeOffset now) =>
        verdict is not null && verdict.Generation == generation && ReferenceEquals(verdict.ConfiguredCrls, configuredCrls) && now < verdict.ValidUntil
            ? verdict
            : null;

    private async ValueTask<ClientAuthentication> DecideAsync(
        X509Certificate2 certificate, Sha256Digest thumbprint, DateTimeOffset now, CrlSet configuredCrls, CancellationToken cancellationToken)
    {
        var sha256 = thumbprint.ToByteArray();
        var identity = IdentityUris.FromCertificate(certificate);
        if (identity is null)
        {
            var pinning = await registry.FindPinningAsync(thumbprint, cancellationToken).ConfigureAwait(false);
            if (pinning.Count != 1)
            {
                return Refuse(new CallerIdentity(CallerRole.Anonymous, null, sha256), pinning.Count == 0
                    ? $"The client certificate '{certificate.Subject}' identifies nobody: it has no SAN URI {IdentityUris.AgencyPrefix}<code> " +
                      $"or {IdentityUris.RolePrefix}operator|auditor, and its SHA-256 thumbprint {thumbprint.Hex} is not pinned for an agency. " +
                      "Ask your CA for a certificate with the SAN URI, or an operator to pin this thumbprint for your agency."
                    : $"The client certificate's SHA-256 thumbprint {thumbprint.Hex} is pinned ambiguously in the registry, so it identifies no agency: " +
                      $"ask an operator to correct the pins, or use a certificate with the SAN URI {IdentityUris.AgencyPrefix}<code>.");
            }

            identity = CallerIdentity.ForAgency(pinning[0], sha256);
        }

        if (ValidityProblem(certificate, now) is { } validity)
        {
            return Refuse(identity, validity);
        }

        if (ClientCertificateChains.PurposesWithoutClientAuthentication(certificate) is { } purposes)
        {
            return Refuse(identity,
                $"The client certificate '{certificate.Subject}' lacks the TLS client authentication purpose (extended key usage " +
                $"{ClientCertificateChains.ClientAuthenticationOid}): it is meant only for {(purposes.Count == 0 ? "no purpose" : ClientCertificateChains.Describe(purposes))}. " +
                "Ask your CA for a certificate issued for client authentication.");
        }

        var (anchors, agencyCrls, anchorName) = await AnchorsAsync(identity, cancellationToken).ConfigureAwait(false);
        if (!ClientCertificateChains.TryBuild(certificate, anchors, now, out var path))
        {
            return Refuse(identity,
                $"The client certificate '{certificate.Subject}' does not chain to {anchorName}, or a CA certificate on its path is outside its " +
                "validity period or not allowed to issue client authentication certificates. " +
                (identity.Role == CallerRole.Agency
                    ? "Use a certificate issued by a CA registered for your agency, or ask an operator to register your CA (Registry.AddTrustedCa)."
                    : "Ask the operators of this DocExchange deployment for a certificate from its client CA."));
        }

        if (revocation.FindRevocation(path, configuredCrls, agencyCrls) is { } revoked)
        {
            return Refuse(identity, $"The client certificate is revoked: {revoked}. Ask your CA for a new certificate and reconnect with it.");
        }

        return new ClientAuthentication(identity, null);
    }

    /// <summary>
    /// The CAs <paramref name="identity"/>'s certificate must chain to, the registry CRLs that apply, and how to name
    /// those CAs to the caller (its own agency only: nothing about other agencies).
    /// </summary>
    private async ValueTask<(X509Certificate2Collection Anchors, CrlSet Crls, string Name)> AnchorsAsync(CallerIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.Role != CallerRole.Agency)
        {
            return (deploymentCas.Certificates, ClientCertificateRevocation.NoCrls, "this deployment's client CA");
        }

        var agency = identity.RequireAgency();
        var trust = await registry.GetAsync(agency, cancellationToken).ConfigureAwait(false);
        // Bootstrap: an agency the registry trusts no CA for (or does not know: AgencyStanding refuses those) is
        // held to the deployment's client CA, as every agency was before per-agency CAs.
        return trust is { Cas.Count: > 0 }
            ? (trust.Cas, trust.Crls, $"a CA trusted for agency {agency}")
            : (deploymentCas.Certificates, trust?.Crls ?? ClientCertificateRevocation.NoCrls, $"a CA trusted for agency {agency}");
    }

    private static string? ValidityProblem(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now < notBefore)
        {
            return $"The client certificate '{certificate.Subject}' is not valid before {notBefore:u}: check the clocks, or wait until then.";
        }

        return now > notAfter
            ? $"The client certificate '{certificate.Subject}' expired at {notAfter:u}: ask your CA for a new certificate and reconnect with it."
            : null;
    }

    private static ClientAuthentication Refuse(CallerIdentity claimed, string message) =>
        new(new CallerIdentity(CallerRole.Anonymous, null, claimed.CertificateSha256), new CallRefusal(StatusCode.Unauthenticated, message, claimed));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Verdict(ClientAuthentication Result, long Generation, CrlSet ConfiguredCrls, DateTimeOffset ValidUntil);

    private sealed class ConnectionCertificate(Sha256Digest thumbprint)
    {
        private Verdict? _verdict;

        public Sha256Digest Thumbprint { get; } = thumbprint;

        public Verdict? Verdict
        {
            get => Volatile.Read(ref _verdict);
            set => Volatile.Write(ref _verdict, value);
        }
    }
}
