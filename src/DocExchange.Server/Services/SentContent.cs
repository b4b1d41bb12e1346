using DocExchange.Core.Documents;

namespace DocExchange.Server.Services;

/// <summary>
/// Where a send's content comes from: <see cref="ReceiveAsync"/> spools it (the main PDF seekable, for validation, and
/// every chunk replayable, for the domain); <see cref="Unspooled"/> reads it straight, for a repeat that is only compared.
/// </summary>
public sealed record SentContent(
    Func<IReadOnlyList<PartDeclaration>, CancellationToken, Task<ISpooledContent>> ReceiveAsync,
    Func<CancellationToken, IAsyncEnumerable<PartChunk>> Unspooled);

/// <summary>A send's content held until the domain has stored it.</summary>
public interface ISpooledContent : IAsyncDisposable
{
    /// <summary>The main PDF's bytes, seekable.</summary>
    Stream MainPart { get; }

    /// <summary>
    /// The chunks of every part, in the order the domain is to store them; the main part's carry no bytes (validation
    /// copied them into the blob store) and only mark where they came, so that the domain still judges the order.
    /// </summary>
    IAsyncEnumerable<PartChunk> ReplayAsync(CancellationToken ct);
}
