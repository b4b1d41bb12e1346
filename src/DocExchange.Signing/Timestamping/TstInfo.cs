using System.Numerics;
using DocExchange.Signing.Cms;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Tsp;
using Org.BouncyCastle.Asn1.X509;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcTstInfo = Org.BouncyCastle.Asn1.Tsp.TstInfo;

namespace DocExchange.Signing.Timestamping;

/// <summary>The TSTInfo structure of RFC 3161 §2.4.2, encoded and decoded by BouncyCastle.</summary>
public sealed record TstInfo(
    string PolicyOid,
    string ImprintAlgorithmOid,
    byte[] ImprintValue,
    BigInteger SerialNumber,
    DateTimeOffset GenerationTime,
    long? AccuracyMicroseconds = null,
    BigInteger? Nonce = null)
{
    public byte[] Encode()
    {
        Accuracy? accuracy = null;
        if (AccuracyMicroseconds is { } micros and > 0)
        {
            accuracy = new Accuracy(
                micros / 1_000_000 is var seconds and > 0 ? DerInteger.ValueOf(seconds) : null,
                micros / 1000 % 1000 is var millis and > 0 ? DerInteger.ValueOf(millis) : null,
                micros % 1000 is var rest and > 0 ? DerInteger.ValueOf(rest) : null);
        }
        var info = new BcTstInfo(
            new DerObjectIdentifier(PolicyOid),
            new MessageImprint(new AlgorithmIdentifier(new DerObjectIdentifier(ImprintAlgorithmOid)), ImprintValue),
            new DerInteger(ToBouncyCastle(SerialNumber)),
            // RFC 3161 §2.4.2: fractions of seconds without trailing zeros, and none when zero.
            new Asn1GeneralizedTime(GenerationTime.UtcDateTime),
            accuracy,
            null,
            Nonce is { } nonce ? new DerInteger(ToBouncyCastle(nonce)) : null,
            null,
            null);
        return info.GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>Decodes a TSTInfo; throws <see cref="CryptographicException"/> when malformed.</summary>
    public static TstInfo Decode(ReadOnlyMemory<byte> encoded)
    {
        BcTstInfo info;
        try
        {
            info = BcTstInfo.GetInstance(Asn1Object.FromByteArray(encoded.ToArray()));
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            throw new CryptographicException($"Malformed TSTInfo: {e.Message}", e);
        }
        if (!info.Version.HasValue(1))
        {
            throw new CryptographicException("TSTInfo version is not 1.");
        }
        long? accuracy = null;
        if (info.Accuracy is { } given)
        {
            accuracy = (ToLong(given.Seconds) * 1_000_000) + (ToLong(given.Millis) * 1000) + ToLong(given.Micros);
        }
        DateTime time;
        try
        {
            time = info.GenTime.ToDateTime();
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            throw new CryptographicException($"Malformed TSTInfo genTime: {e.Message}", e);
        }
        return new TstInfo(
            info.Policy.Id,
            info.MessageImprint.HashAlgorithm.Algorithm.Id,
            info.MessageImprint.GetHashedMessage(),
            ToNumerics(info.SerialNumber.Value),
            new DateTimeOffset(DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc)),
            accuracy,
            info.Nonce is { } nonce ? ToNumerics(nonce.Value) : null);
    }

    // A part too large to add up in microseconds counts as zero.
    private static long ToLong(DerInteger? value) => value is not null && value.Value.BitLength < 43 ? value.Value.LongValue : 0;

    private static BcBigInteger ToBouncyCastle(BigInteger value) => new(value.ToByteArray(isUnsigned: false, isBigEndian: true));

    private static BigInteger ToNumerics(BcBigInteger value) => new(value.ToByteArray(), isUnsigned: false, isBigEndian: true);
}
