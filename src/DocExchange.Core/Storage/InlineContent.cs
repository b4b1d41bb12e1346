namespace DocExchange.Core.Storage;

/// <summary>
/// A part's content small enough to be stored in the same transaction as the document that refers to it (see
/// <see cref="IBlobWriter.Inline"/>): it shares that transaction's durable commit instead of a file and its fsyncs.
/// <see cref="Bytes"/> belongs to its writer and is valid until the writer is disposed.
/// </summary>
public readonly record struct InlineContent(Sha256Digest Sha256, ReadOnlyMemory<byte> Bytes);
