namespace DocExchange.Core.Documents;

/// <summary>
/// A chunk of one part's bytes. Chunks arrive part after part, in the declared order, each part's chunks contiguous.
/// The memory need only stay valid until the next chunk is requested.
/// </summary>
public readonly record struct PartChunk(string PartId, ReadOnlyMemory<byte> Data);
