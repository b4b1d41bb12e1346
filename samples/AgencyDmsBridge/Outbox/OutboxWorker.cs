using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Outbox;

/// <summary>Sends each NAME.pdf (with its NAME.json sidecar) dropped in the outbox.</summary>
public sealed class OutboxWorker(OutboxSender sender, BridgeFolders folders, BridgeOptions options, ILogger<OutboxWorker> logger)
    : DropFolderWorker(options, logger)
{
    protected override string Folder => folders.Outbox;

    protected override string Pattern => "*.pdf";

    protected override Task ProcessAsync(string path, CancellationToken cancellationToken) => sender.ProcessAsync(path, cancellationToken);
}
