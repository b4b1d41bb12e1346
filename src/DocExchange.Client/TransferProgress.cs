namespace DocExchange.Client;

/// <summary>How far a Send or Fetch has come, reported after each chunk.</summary>
/// <param name="PartId">The part being transferred, e.g. "main".</param>
/// <param name="PartBytesTransferred">Bytes of this part transferred so far.</param>
/// <param name="PartSize">Size of this part.</param>
/// <param name="BytesTransferred">Bytes of all parts transferred so far.</param>
/// <param name="TotalSize">Size of all parts of the transfer.</param>
public sealed record TransferProgress(string PartId, long PartBytesTransferred, long PartSize, long BytesTransferred, long TotalSize);
