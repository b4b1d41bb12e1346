namespace DocExchange.Samples.AgencyDmsBridge;

/// <summary>The bridge's four folders as absolute paths, created on start.</summary>
public sealed class BridgeFolders
{
    public BridgeFolders(BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Outbox = Path.GetFullPath(options.OutboxFolder);
        Inbox = Path.GetFullPath(options.InboxFolder);
        Sent = Path.GetFullPath(options.SentFolder);
        Error = Path.GetFullPath(options.ErrorFolder);
        foreach (var folder in new[] { Outbox, Inbox, Sent, Error })
        {
            Directory.CreateDirectory(folder);
        }
    }

    public string Outbox { get; }

    public string Inbox { get; }

    public string Sent { get; }

    public string Error { get; }
}
