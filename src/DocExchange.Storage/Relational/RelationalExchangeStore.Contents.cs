using DocExchange.Core.Storage;
using DocExchange.Storage.Blobs;

namespace DocExchange.Storage.Relational;

public abstract partial class RelationalExchangeStore
{
    /// <summary>The inline content stored under <paramref name="sha256"/> (see <see cref="RelationalBlobStore"/>), or null.</summary>
    internal Task<PooledContentStream?> ReadInlineContentAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        ReadAsync(s => Sql.Dialect.ReadContentAsync(s, sha256), cancellationToken);

    internal async Task<bool> InlineContentExistsAsync(Sha256Digest sha256, CancellationToken cancellationToken) =>
        await ReadAsync(s => s.ScalarAsync(RelationalSql.SelectContentExists, ("sha256", sha256.Hex)), cancellationToken).ConfigureAwait(false) is not null;
}
