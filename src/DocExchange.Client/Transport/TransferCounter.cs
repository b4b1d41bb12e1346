namespace DocExchange.Client.Transport;

/// <summary>Counts the bytes of a transfer and reports them to the caller's progress.</summary>
internal sealed class TransferCounter(long totalSize, IProgress<TransferProgress>? progress)
{
    private long _transferred;

    public void Add(string partId, long partTransferred, long partSize, int bytes)
    {
        _transferred += bytes;
        progress?.Report(new TransferProgress(partId, partTransferred, partSize, _transferred, totalSize));
    }
}
