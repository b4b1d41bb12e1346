namespace DocExchange.Client;

/// <summary>What a seal call is doing.</summary>
public enum SealStage
{
    /// <summary>The PDF is being sent to the server.</summary>
    Uploading,

    /// <summary>The PDF has been sent; the server is sealing it.</summary>
    Sealing,

    /// <summary>The sealed PDF is coming back.</summary>
    Downloading,
}

/// <summary>How far <see cref="DocExchangeClient.SealAsync"/> has come, reported after each chunk.</summary>
/// <param name="Stage">Uploading, sealing or downloading.</param>
/// <param name="BytesTransferred">Bytes of this stage transferred so far.</param>
/// <param name="TotalBytes">Size of the upload when the input stream knows it; null while downloading (the size comes last).</param>
public sealed record SealProgress(SealStage Stage, long BytesTransferred, long? TotalBytes);
