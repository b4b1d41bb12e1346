using DocExchange.Client;
using DocExchange.Samples.AgencyDmsBridge.Files;
using DocExchange.Samples.AgencyDmsBridge.Inbox;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>
/// Stores a received document as inbox/&lt;document id&gt;.edxml, the package <see cref="DocExchangeClient.FetchPackageAsync"/>
/// streams (signed by the sending agency's seal when the server holds it). The package is written under a hidden
/// temporary name, flushed to disk, and only then renamed into place, so a package the document-management system
/// sees is always complete.
/// </summary>
public sealed class EdXmlInboxWriter(DocExchangeClient client, EdXmlFolders folders, ILogger<EdXmlInboxWriter> logger) : IReceivedDocumentStore
{
    public const string Extension = ".edxml";
    private const string StagingSuffix = ".partial";

    public string Folder => folders.Inbox;

    /// <summary>"000.00.00.G22,2024/05/01,7816/VPCP-TTĐT" is stored as "000.00.00.G22,2024-05-01,7816-VPCP-TTĐT.edxml".</summary>
    public string PathFor(string documentId) => SafeNames.PathIn(folders.Inbox, SafeNames.ForDocumentId(documentId) + Extension);

    public bool Holds(string documentId) => File.Exists(PathFor(documentId));

    public async Task<string> StoreAsync(string documentId, CancellationToken cancellationToken)
    {
        var path = PathFor(documentId);
        if (File.Exists(path))
        {
            return path;
        }

        // Named after nothing the sender chose, and not *.edxml, so that no reader of the folder takes it for a package.
        var staging = Path.Combine(folders.Inbox, $".{Guid.NewGuid():N}{StagingSuffix}");
        try
        {
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await client.FetchPackageAsync(documentId, file, cancellationToken: cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(staging, path, overwrite: false);
            return path;
        }
        finally
        {
            File.Delete(staging);
        }
    }

    public void RemoveLeftovers()
    {
        foreach (var leftover in Directory.EnumerateFiles(folders.Inbox, "." + "*" + StagingSuffix))
        {
            logger.LogInformation("Removing the incomplete fetch {File}", Path.GetFileName(leftover));
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
