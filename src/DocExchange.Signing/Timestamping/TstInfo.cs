using System.Formats.Asn1;
using System.Numerics;

namespace DocExchange.Signing.Timestamping;

/// <summary>The TSTInfo structure of RFC 3161 §2.4.2.</summary>
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
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteObjectIdentifier(PolicyOid);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(ImprintAlgorithmOid);
                }
                writer.WriteOctetString(ImprintValue);
            }
            writer.WriteInteger(SerialNumber);
            writer.WriteGeneralizedTime(GenerationTime, omitFractionalSeconds: GenerationTime.Millisecond == 0);
            if (AccuracyMicroseconds is { } micros and > 0)
            {
                using (writer.PushSequence())
                {
                    var seconds = micros / 1_000_000;
                    var millis = micros / 1000 % 1000;
                    var rest = micros % 1000;
                    if (seconds > 0)
                    {
                        writer.WriteInteger(seconds);
                    }
                    if (millis > 0)
                    {
                        writer.WriteInteger(millis, new Asn1Tag(TagClass.ContextSpecific, 0));
                    }
                    if (rest > 0)
                    {
                        writer.WriteInteger(rest, new Asn1Tag(TagClass.ContextSpecific, 1));
                    }
                }
            }
            if (Nonce is { } nonce)
            {
                writer.WriteInteger(nonce);
            }
        }
        return writer.Encode();
    }

    public static TstInfo Decode(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var sequence = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
            if (!sequence.TryReadInt32(out var version) || version != 1)
            {
                throw new CryptographicException("TSTInfo version is not 1.");
            }
            var policy = sequence.ReadObjectIdentifier();
            var imprint = sequence.ReadSequence();
            var algorithm = imprint.ReadSequence().ReadObjectIdentifier();
            var value = imprint.ReadOctetString();
            var serial = sequence.ReadInteger();
            var time = sequence.ReadGeneralizedTime();
            long? accuracy = null;
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                var reader = sequence.ReadSequence();
                long total = 0;
                if (reader.HasData && reader.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
                {
                    total += reader.TryReadInt64(out var s) ? s * 1_000_000 : 0;
                }
                if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    total += reader.TryReadInt64(out var ms, new Asn1Tag(TagClass.ContextSpecific, 0)) ? ms * 1000 : 0;
                }
                if (reader.HasData && reader.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
                {
                    total += reader.TryReadInt64(out var us, new Asn1Tag(TagClass.ContextSpecific, 1)) ? us : 0;
                }
                accuracy = total;
            }
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                sequence.ReadBoolean();
            }
            BigInteger? nonce = null;
            if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                nonce = sequence.ReadInteger();
            }
            return new TstInfo(policy, algorithm, value, serial, time, accuracy, nonce);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException($"Malformed TSTInfo: {e.Message}", e);
        }
    }
}
