using System.Numerics;
using DocExchange.Signing.Cms;
using DocExchange.Signing.Pki;
using Org.BouncyCastle.Asn1;

namespace DocExchange.Signing.Timestamping;

/// <summary>Options of <see cref="InProcessTimestampAuthority"/>.</summary>
public sealed record TimestampAuthorityOptions
{
    /// <summary>The TSA policy OID put in every token (a UUID-derived OID by default, RFC 9562 / X.667).</summary>
    public string PolicyOid { get; init; } = "2.25.200143283120866496436476316451744426177";

    public long AccuracyMicroseconds { get; init; } = 1_000_000;

    public HashAlgorithmName DigestAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// A TSA that signs RFC 3161 tokens in process with a certificate whose only, critical, EKU is
/// timeStamping. The server uses it as its own time source for B-T signatures.
/// </summary>
public sealed class InProcessTimestampAuthority : ITimestampAuthority
{
    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyList<X509Certificate2> _chain;
    private readonly TimestampAuthorityOptions _options;
    private readonly PadesSignatureScheme _scheme;

    public InProcessTimestampAuthority(X509Certificate2 certificate, IEnumerable<X509Certificate2> chain, TimestampAuthorityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The TSA certificate '{certificate.Subject}' has no private key.", nameof(certificate));
        }
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        if (eku is not { Critical: true } || ExtendedKeyUsages.Of(eku) is not [{ Value: Oids.TimeStamping }])
        {
            throw new ArgumentException("RFC 3161 §2.3: the TSA certificate must have exactly one EKU, timeStamping, marked critical.", nameof(certificate));
        }
        _certificate = certificate;
        _chain = [.. chain];
        _options = options ?? new TimestampAuthorityOptions();
        _scheme = SignatureAlgorithms.DefaultScheme(certificate);
    }

    public Task<byte[]> GetTimestampTokenAsync(ReadOnlyMemory<byte> messageHash, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (messageHash.Length != SignatureAlgorithms.HashLength(hashAlgorithm))
        {
            throw new ArgumentException($"The message hash is {messageHash.Length} bytes; {hashAlgorithm.Name} needs {SignatureAlgorithms.HashLength(hashAlgorithm)}.", nameof(messageHash));
        }
        var now = _options.Time.GetUtcNow();
        var time = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        var serial = new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true, isBigEndian: true);
        var info = new TstInfo(_options.PolicyOid, Oids.DigestOid(hashAlgorithm), messageHash.ToArray(), serial, time, _options.AccuracyMicroseconds);
        var content = info.Encode();
        var digest = _options.DigestAlgorithm;
        var signedAttributes = CmsSignedDataWriter.EncodeSignedAttributes(
        [
            (Oids.ContentType, new DerObjectIdentifier(Oids.TstInfo)),
            (Oids.MessageDigest, new DerOctetString(EssSigningCertificate.Hash(digest, content))),
            (Oids.SigningCertificateV2, EssSigningCertificate.CreateV2(_certificate, HashAlgorithmName.SHA256)),
        ]);
        var signature = SignatureAlgorithms.Sign(_certificate, _scheme, digest, signedAttributes);
        var token = CmsSignedDataWriter.Write(digest, Oids.TstInfo, content, _certificate, _chain, signedAttributes, _scheme, signature, []);
        return Task.FromResult(token);
    }
}
