using DocExchange.Core.Notifications;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Tests;

/// <summary>One engine's store and blob store (as a server opens them), with the inspection the conformance suite needs.</summary>
public abstract class StorageUnderTest : IAsyncDisposable
{
    public abstract IExchangeStore Store { get; }

    public abstract IBlobStore Blobs { get; }

    /// <summary>The notifier the engine's deployments use (in-process unless the engine brings its own).</summary>
    public virtual IChangeNotifier Notifier { get; } = new InProcessChangeNotifier();

    /// <summary>Rows in one of the schema's tables.</summary>
    public abstract Task<long> CountRowsAsync(string table);

    /// <summary>Every file under the blob folder, committed or temporary.</summary>
    public abstract int CountBlobFiles();

    /// <summary>Overwrites the content stored in the database under <paramref name="sha256"/>, as a fault or an intruder would.</summary>
    public abstract Task OverwriteInlineContentAsync(Sha256Digest sha256, byte[] content);

    public abstract ValueTask DisposeAsync();
}
