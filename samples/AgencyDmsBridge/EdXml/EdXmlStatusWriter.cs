using DocExchange.Client;
using DocExchange.Core.Files;
using DocExchange.Protocol.V1;
using DocExchange.Samples.AgencyDmsBridge.Files;
using DocExchange.Samples.AgencyDmsBridge.Statuses;

namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>
/// Writes each status reported about a sent document as statuses/status-SEQUENCE-RECIPIENT.edxml, the status package
/// <see cref="DocExchangeClient.FetchStatusPackagesAsync"/> returns for it (its ResponseFor names the document), then
/// keeps its sequence in statuses/.cursor. A status already written is not written again, so a restart that sees a
/// status a second time leaves one file.
/// </summary>
public sealed class EdXmlStatusWriter(DocExchangeClient client, EdXmlFolders folders) : ISentStatusStore
{
    private string CursorPath => Path.Combine(folders.Statuses, ".cursor");

    /// <summary>The sequence is unique on the server, so it keeps the names in one folder distinct.</summary>
    public string PathFor(StatusReport status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return SafeNames.PathIn(folders.Statuses, StatusPackageFileNames.Of(status.Sequence, status.Recipient));
    }

    public Task<long> ReadCursorAsync(CancellationToken cancellationToken) => CursorFile.ReadAsync(CursorPath, cancellationToken);

    public async Task RecordAsync(StatusReport status, CancellationToken cancellationToken)
    {
        var path = PathFor(status);
        if (!File.Exists(path))
        {
            var packages = await client.FetchStatusPackagesAsync(status.DocumentId, status.Recipient, cancellationToken).ConfigureAwait(false);
            var package = packages.FirstOrDefault(p => p.Sequence == status.Sequence)
                ?? throw new IOException($"The server returned no status package for status {status.Sequence} of {status.DocumentId}.");
            await DurableFiles.WriteBytesAsync(path, package.Package.Memory, cancellationToken).ConfigureAwait(false);
        }

        await CursorFile.WriteAsync(CursorPath, status.Sequence, cancellationToken).ConfigureAwait(false);
    }
}
