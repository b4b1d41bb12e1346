using System.Security.Cryptography;
using DocExchange.Protocol.V1;

namespace DocExchange.Client.Transport;

/// <summary>
/// The content a delivery came with (SubscribeInboxRequest.include_content_max_bytes): one entry per part, in the
/// parts' order, each checked against its part's size and SHA-256 before anything reads it.
/// </summary>
internal static class PushedContent
{
    /// <summary>True when the server pushed every part's content with the delivery.</summary>
    public static bool IsPresent(Delivery delivery) => delivery.Contents.Count > 0;

    /// <summary>
    /// The content of part <paramref name="index"/> of the delivery, checked: one content per part in the parts' order,
    /// and this one of the part's size and SHA-256.
    /// </summary>
    /// <exception cref="DocExchangeException">It does not match (<see cref="Grpc.Core.StatusCode.DataLoss"/>).</exception>
    public static ReadOnlyMemory<byte> Checked(Delivery delivery, int index)
    {
        if (delivery.Contents.Count != delivery.Parts.Count)
        {
            throw Corrupt(delivery, $"it has {delivery.Contents.Count} contents for {delivery.Parts.Count} parts");
        }

        var part = delivery.Parts[index];
        var content = delivery.Contents[index];
        if (content.PartId != part.PartId)
        {
            throw Corrupt(delivery, $"content of part '{content.PartId}' came where part '{part.PartId}' was expected");
        }

        if (content.Data.Length != part.Size)
        {
            throw Corrupt(delivery, $"part '{part.PartId}' has {content.Data.Length} bytes, but {part.Size} were announced");
        }

        var computed = SHA256.HashData(content.Data.Span);
        if (!part.Sha256.Span.SequenceEqual(computed))
        {
            throw Corrupt(delivery, $"part '{part.PartId}' has SHA-256 {Convert.ToHexStringLower(computed)}, but the delivery lists {Convert.ToHexStringLower(part.Sha256.Span)}");
        }

        return content.Data.Memory;
    }

    private static DocExchangeException Corrupt(Delivery delivery, string problem) =>
        DocExchangeException.DataLoss(
            $"the content pushed with document {delivery.DocumentId}: {problem}; the content received cannot be trusted", Exchange.Methods.SubscribeInbox.Name);
}
