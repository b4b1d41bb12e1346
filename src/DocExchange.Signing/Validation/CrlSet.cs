using System.Text;
using BcCrl = Org.BouncyCastle.X509.X509Crl;

namespace DocExchange.Signing.Validation;

/// <summary>
/// A set of CRLs (DER or PEM), checked offline with BouncyCastle (.NET's X509Chain cannot take explicit CRLs).
/// The one implementation of CRL checking: signature validation uses it, and so does the server's per-call check
/// of client certificates.
/// </summary>
public sealed class CrlSet
{
    private readonly List<(BcCrl Crl, string Key)> _crls = [];

    /// <param name="encoded">The CRLs, each DER or a PEM file of one or more blocks.</param>
    /// <param name="problems">Receives a message for every CRL that cannot be read (and is ignored).</param>
    public CrlSet(IEnumerable<byte[]> encoded, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var crl in encoded)
        {
            if (IsPem(crl))
            {
                ReadPem(Encoding.ASCII.GetString(crl), problems);
            }
            else
            {
                Add(crl, "A supplied CRL", problems);
            }
        }
    }

    /// <summary>Every PEM block of a file (RFC 7468): each "X509 CRL" is read, any other block is reported and skipped.</summary>
    private void ReadPem(string text, ICollection<string> problems)
    {
        var block = 0;
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            block++;
            var label = rest.Span[fields.Label].ToString();
            var base64 = rest.Span[fields.Base64Data].ToString();
            rest = rest[fields.Location.End.GetOffset(rest.Length)..];
            if (label != "X509 CRL")
            {
                problems.Add($"PEM block {block} of a supplied CRL file is a {label}, not an X509 CRL; it was ignored.");
                continue;
            }
            byte[] der;
            try
            {
                der = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                problems.Add($"PEM block {block} of a supplied CRL file is not valid base64; it was ignored.");
                continue;
            }
            Add(der, $"The CRL in PEM block {block} of a supplied file", problems);
        }
        if (block == 0)
        {
            problems.Add("A supplied CRL file holds no PEM block; it was ignored.");
        }
    }

    private void Add(byte[] der, string what, ICollection<string> problems)
    {
        try
        {
            _crls.Add(CrlCache.Parse(der));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"{what} could not be read and was ignored: {FirstLine(e.Message)}");
        }
    }

    private static bool IsPem(byte[] data) => data.AsSpan().IndexOf("-----BEGIN "u8) >= 0;

    // Library messages sometimes carry an inner exception's whole text, stack trace included.
    private static string FirstLine(string message)
    {
        var line = message.Split(['\r', '\n'], 2)[0].Trim();
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    /// <summary>How many CRLs were read.</summary>
    public int Count => _crls.Count;

    /// <summary>
    /// The revocation status of <paramref name="certificate"/> from a CRL of <paramref name="issuer"/> fresh at <paramref name="time"/>;
    /// failing that, from a CRL issued after <paramref name="proofOfExistence"/> (ETSI EN 319 102-1 §5.6.2.4: revocation
    /// data issued after the best-signature-time shows the status the signature relied on).
    /// </summary>
    public RevocationStatus Check(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset time, DateTimeOffset? proofOfExistence = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!ExplicitCurveGuard.HasNamedCurveOrNoCurve(issuer))
        {
            return new RevocationStatus(false, false, null, $"The CA certificate '{issuer.Subject}' uses explicit EC parameters, which are not accepted.");
        }
        Org.BouncyCastle.Crypto.AsymmetricKeyParameter issuerKey;
        try
        {
            issuerKey = CrlCache.IssuerKey(issuer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new RevocationStatus(false, false, null, $"The key of '{issuer.Subject}' cannot be read: {e.Message}");
        }
        string? problem = null;
        (BcCrl Crl, DateTimeOffset ThisUpdate)? late = null;
        (BcCrl Crl, DateTimeOffset ThisUpdate)? current = null;
        var serial = new Org.BouncyCastle.Math.BigInteger(1, certificate.SerialNumberBytes.ToArray());
        foreach (var (crl, key) in _crls)
        {
            if (!crl.IssuerDN.GetEncoded().AsSpan().SequenceEqual(issuer.SubjectName.RawData))
            {
                continue;
            }
            if (!CrlCache.HasValidSignature(crl, key, issuer, issuerKey))
            {
                problem = $"A CRL from '{issuer.Subject}' has an invalid signature.";
                continue;
            }
            var thisUpdate = new DateTimeOffset(DateTime.SpecifyKind(crl.ThisUpdate, DateTimeKind.Utc));
            DateTimeOffset? nextUpdate = crl.NextUpdate is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;
            if (thisUpdate > time + RevocationStatus.AllowedClockSkew || (nextUpdate is { } n && n < time))
            {
                problem = $"The CRL from '{issuer.Subject}' ({thisUpdate:u} to {nextUpdate:u}) is not current at {time:u}.";
                if (proofOfExistence is { } poe && thisUpdate >= poe && thisUpdate <= time && (late is null || thisUpdate > late.Value.ThisUpdate))
                {
                    late = (crl, thisUpdate);
                }
                continue;
            }
            // The newest current CRL decides: a CA issues the next one before the last one's nextUpdate, and only the
            // newer lists a revocation made in between (RFC 5280 §6.3.3 uses the most recent CRL available).
            if (current is null || thisUpdate > current.Value.ThisUpdate)
            {
                current = (crl, thisUpdate);
            }
        }
        if (current is { } newest)
        {
            return StatusFrom(newest.Crl, serial, null);
        }
        if (late is { } fallback)
        {
            return StatusFrom(fallback.Crl, serial, fallback.ThisUpdate);
        }
        return new RevocationStatus(false, false, null, problem ?? $"No CRL from '{issuer.Subject}' was supplied.");
    }

    private static RevocationStatus StatusFrom(BcCrl crl, Org.BouncyCastle.Math.BigInteger serial, DateTimeOffset? issuedAt)
    {
        var entry = crl.GetRevokedCertificate(serial);
        return entry is null
            ? new RevocationStatus(true, false, null, null, issuedAt)
            : new RevocationStatus(true, true, new DateTimeOffset(DateTime.SpecifyKind(entry.RevocationDate, DateTimeKind.Utc)), null, issuedAt);
    }

}

/// <summary>Keeps EC keys with explicit curve parameters away from BouncyCastle (known DoS in old versions).</summary>
internal static class ExplicitCurveGuard
{
    public static bool HasNamedCurveOrNoCurve(X509Certificate2 certificate)
    {
        if (certificate.PublicKey.Oid.Value != Oids.EcPublicKey)
        {
            return true;
        }
        var parameters = certificate.PublicKey.EncodedParameters?.RawData ?? [];
        return parameters.Length > 0 && parameters[0] == 0x06; // namedCurve OBJECT IDENTIFIER (RFC 5480 §2.1.1)
    }
}
