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

    /// <summary>Null when every part's content matches its size and SHA-256; otherwise what does not.</summary>
    public static string? Problem(Delivery delivery)
    {
        if (delivery.Contents.Count != delivery.Parts.Count)
        {
            return $"it has {delivery.Contents.Count} contents for {delivery.Parts.Count} parts";
        }

        for (var i = 0; i < delivery.Parts.Count; i++)
        {
            var part = delivery.Parts[i];
            var content = delivery.Contents[i];
            if (content.PartId != part.PartId)
            {
                return $"content of part '{content.PartId}' came where part '{part.PartId}' was expected";
            }

            if (content.Data.Length != part.Size)
            {
                return $"part '{part.PartId}' has {content.Data.Length} bytes, but {part.Size} were announced";
            }

            var computed = SHA256.HashData(content.Data.Span);
            if (!part.Sha256.Span.SequenceEqual(computed))
            {
                return $"part '{part.PartId}' has SHA-256 {Convert.ToHexStringLower(computed)}, but the delivery lists {Convert.ToHexStringLower(part.Sha256.Span)}";
            }
        }

        return null;
    }

    public static DocExchangeException Corrupt(Delivery delivery, string problem) =>
        DocExchangeException.DataLoss(
            $"the content pushed with document {delivery.DocumentId}: {problem}; the content received cannot be trusted", Exchange.Methods.SubscribeInbox.Name);
}
