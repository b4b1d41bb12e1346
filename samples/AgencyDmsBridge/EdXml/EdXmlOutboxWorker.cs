using DocExchange.Samples.AgencyDmsBridge.Outbox;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>Sends each NAME.edxml document package dropped in the edXML outbox.</summary>
public sealed class EdXmlOutboxWorker(EdXmlOutboxSender sender, EdXmlFolders folders, BridgeOptions options, ILogger<EdXmlOutboxWorker> logger)
    : DropFolderWorker(options, logger)
{
    protected override string Folder => folders.Outbox;

    protected override string Pattern => "*.edxml";

    protected override Task ProcessAsync(string path, CancellationToken cancellationToken) => sender.ProcessAsync(path, cancellationToken);
}
