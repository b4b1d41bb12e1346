using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Audit.Checkpoints;
using DocExchange.Cli.Hosting;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Cli.Auditing;

/// <summary>The auditor's TSA trust anchors (<c>--tsa-root</c>) and the checkpoint token verifier built on them.</summary>
public static class TsaTrust
{
    /// <summary>Reads PEM certificates (one or more) or one DER certificate.</summary>
    public static async Task<IReadOnlyList<X509Certificate2>> LoadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte[] content = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        try
        {
            string text = System.Text.Encoding.ASCII.GetString(content);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(text);
                return [.. collection];
            }
            return [X509CertificateLoader.LoadCertificate(content)];
        }
        catch (CryptographicException e)
        {
            throw DxException.Rejected($"{file.FullName} is not a certificate (PEM or DER) to trust as a TSA root: {e.Message}");
        }
    }

    /// <summary>Checks a token over a checkpoint body against <paramref name="roots"/> (see <see cref="TimestampTokenVerifier"/>).</summary>
    public static CheckpointTimestampVerifier VerifierFor(IReadOnlyList<X509Certificate2> roots) => (token, body) =>
    {
        var result = TimestampTokenVerifier.Verify(token, body, roots);
        return result.IsValid
            ? CheckpointTimestampResult.Valid(result.GenerationTime!.Value, result.Authority!.Subject, AccuracyOf(token))
            : CheckpointTimestampResult.Invalid(result.Error!);
    };

    /// <summary>
    /// Without a TSA root, what needs none: the token's message imprint is SHA-256 of the body (so a token issued for
    /// another checkpoint is refused) and its own signature verifies with the certificate it carries.
    /// </summary>
    public static CheckpointTimestampVerifier ImprintOnly { get; } = (token, body) =>
    {
        TimestampToken decoded;
        try
        {
            decoded = TimestampToken.Decode(token);
        }
        catch (CryptographicException e)
        {
            return CheckpointTimestampResult.Invalid($"the token is not an RFC 3161 TimeStampToken ({e.Message})");
        }
        if (!decoded.MatchesData(body))
        {
            return CheckpointTimestampResult.Invalid("the token's message imprint is not the hash of the checked data: it was issued for other data, or the data was altered");
        }
        var (certificate, error) = decoded.VerifySignature();
        return certificate is null || error is not null
            ? CheckpointTimestampResult.Invalid($"the token's signature does not verify: {error}")
            : CheckpointTimestampResult.CoversBodyOnly(decoded.GenerationTime, certificate.Subject, Accuracy(decoded));
    };

    private static TimeSpan? AccuracyOf(byte[] token) => Accuracy(TimestampToken.Decode(token));

    private static TimeSpan? Accuracy(TimestampToken token) =>
        token.Info.AccuracyMicroseconds is { } micros ? TimeSpan.FromTicks(micros * (TimeSpan.TicksPerMillisecond / 1000)) : null;
}
