using System.Security.Cryptography;
using Grpc.Core;
using DocExchange.Protocol.V1;

namespace DocExchange.Client.Transport;

/// <summary>
/// Checks a Fetch response stream as it is read: parts in the announced order, each part's bytes hashed on
/// the way and compared with its part_end and with the header, sizes as announced.
/// </summary>
internal sealed class PartReceiver(FetchHeader header, string documentId) : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _index = -1;
    private long _received;
    private bool _open;

    /// <summary>The part a chunk belongs to; the first chunk of the next announced part starts it.</summary>
    public PartInfo Accept(ContentChunk chunk)
    {
        if (!_open)
        {
            if (_index + 1 >= header.Parts.Count || header.Parts[_index + 1].PartId != chunk.PartId)
            {
                throw Corrupt($"a chunk of part '{chunk.PartId}' came where part '{NextPartId()}' was expected");
            }

            _index++;
            _received = 0;
            _open = true;
        }
        else if (chunk.PartId != Current.PartId)
        {
            throw Corrupt($"a chunk of part '{chunk.PartId}' came before part '{Current.PartId}' ended");
        }

        _received += chunk.Data.Length;
        if (_received > Current.Size)
        {
            throw Corrupt($"part '{Current.PartId}' is longer than the {Current.Size} bytes announced");
        }

        _hash.AppendData(chunk.Data.Span);
        return Current;
    }

    public long ReceivedOfCurrentPart => _received;

    /// <summary>Ends the current part (an empty part has no chunk and starts here), checking its size and SHA-256.</summary>
    public void End(PartEnd end)
    {
        if (!_open)
        {
            if (_index + 1 >= header.Parts.Count || header.Parts[_index + 1].PartId != end.PartId)
            {
                throw Corrupt($"part '{end.PartId}' ended where part '{NextPartId()}' was expected");
            }

            _index++;
            _received = 0;
        }
        else if (end.PartId != Current.PartId)
        {
            throw Corrupt($"part '{end.PartId}' ended while part '{Current.PartId}' was being received");
        }

        _open = false;
        var part = Current;
        var computed = _hash.GetHashAndReset();
        if (_received != part.Size)
        {
            throw Corrupt($"part '{part.PartId}' has {_received} bytes, but {part.Size} were announced");
        }

        if (!end.Sha256.Span.SequenceEqual(computed))
        {
            throw Corrupt($"part '{part.PartId}' has SHA-256 {Convert.ToHexStringLower(computed)}, but the server announced {Convert.ToHexStringLower(end.Sha256.Span)} at its end");
        }

        if (part.Sha256.Length > 0 && !part.Sha256.Span.SequenceEqual(computed))
        {
            throw Corrupt($"part '{part.PartId}' has SHA-256 {Convert.ToHexStringLower(computed)}, but the header lists {Convert.ToHexStringLower(part.Sha256.Span)}");
        }
    }

    /// <summary>Checks that every announced part was received.</summary>
    public void Complete()
    {
        if (_open || _index != header.Parts.Count - 1)
        {
            throw Corrupt($"the stream ended before part '{(_open ? Current.PartId : NextPartId())}' was complete");
        }
    }

    public void Dispose() => _hash.Dispose();

    private PartInfo Current => header.Parts[_index];

    private string NextPartId() => _index + 1 < header.Parts.Count ? header.Parts[_index + 1].PartId : "(none)";

    private DocExchangeException Corrupt(string detail) =>
        DocExchangeException.DataLoss($"document {documentId}: {detail}; the content received cannot be trusted", Exchange.Methods.Fetch.Name);
}
