using DocExchange.Samples.AgencyDmsBridge.Outbox;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>Posts each NAME.edxml status package dropped in the status outbox.</summary>
public sealed class StatusOutboxWorker(StatusOutboxSender sender, EdXmlFolders folders, BridgeOptions options, ILogger<StatusOutboxWorker> logger)
    : DropFolderWorker(options, logger)
{
    protected override string Folder => folders.StatusOutbox;

    protected override string Pattern => "*.edxml";

    protected override Task ProcessAsync(string path, CancellationToken cancellationToken) => sender.ProcessAsync(path, cancellationToken);
}
