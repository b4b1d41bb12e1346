using DocExchange.Client;
using DocExchange.Samples.AgencyDmsBridge.Files;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Inbox;

/// <summary>
/// Stores a received document as inbox/&lt;document id&gt;/: every part under its file name, and edxml-header.json
/// (the edXML header, the parts with their SHA-256 and the server's validation report). The folder appears only
/// once every file has been checked against its SHA-256 and flushed to disk.
/// </summary>
public sealed class InboxWriter(DocExchangeClient client, BridgeFolders folders, ILogger<InboxWriter> logger) : IReceivedDocumentStore
{
    public const string HeaderFileName = "edxml-header.json";
    private const string StagingSuffix = ".partial";
    private static readonly JsonFormatter HeaderFormatter = new(JsonFormatter.Settings.Default.WithIndentation());

    public string Folder => folders.Inbox;

    public bool Holds(string documentId) => Directory.Exists(FolderFor(documentId));

    /// <summary>The folder a document is (or will be) stored in.</summary>
    public string FolderFor(string documentId) => SafeNames.PathIn(folders.Inbox, SafeNames.ForDocumentId(documentId));

    public async Task<string> StoreAsync(string documentId, CancellationToken cancellationToken)
    {
        var folder = FolderFor(documentId);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        // Named after nothing the sender chose, so that its length is ours whatever the document id.
        var staging = Path.Combine(folders.Inbox, $".{Guid.NewGuid():N}{StagingSuffix}");
        try
        {
            var fetched = await client.FetchAllAsync(documentId, staging, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var file in fetched.Files.Values)
            {
                DurableFiles.FlushToDisk(file);
            }

            var headerPath = Path.Combine(staging, HeaderFileName);
            if (fetched.Files.Values.Contains(headerPath, StringComparer.Ordinal))
            {
                headerPath = Path.Combine(staging, "edxml-header.metadata.json");
            }

            await DurableFiles.WriteTextAsync(headerPath, HeaderFormatter.Format(fetched.Header), cancellationToken).ConfigureAwait(false);
            Directory.Move(staging, folder);
            return folder;
        }
        catch
        {
            DeleteQuietly(staging);
            throw;
        }
    }

    public void RemoveLeftovers()
    {
        foreach (var leftover in Directory.EnumerateDirectories(folders.Inbox, "." + "*" + StagingSuffix))
        {
            logger.LogInformation("Removing the incomplete fetch {Folder}", Path.GetFileName(leftover));
            DeleteQuietly(leftover);
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
