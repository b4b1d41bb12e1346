namespace DocExchange.Core.Delivery;

/// <summary>A part's whole content, read from the store and checked against the part's recorded size and SHA-256.</summary>
public sealed record PartContent(string PartId, ReadOnlyMemory<byte> Bytes);
