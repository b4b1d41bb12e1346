namespace DocExchange.Core.Documents;

/// <summary>
/// A part opened for reading. The stream checks the SHA-256 as it is read and throws an Unavailable
/// <see cref="Errors.ExchangeException"/> at the end if the stored bytes no longer match. Dispose it.
/// </summary>
public sealed record OpenedPart(StoredPart Part, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
