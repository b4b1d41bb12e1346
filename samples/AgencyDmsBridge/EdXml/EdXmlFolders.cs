namespace DocExchange.Samples.AgencyDmsBridge.EdXml;

/// <summary>The edXML mode's folders, under <see cref="BridgeOptions.EdXmlFolder"/>, as absolute paths, created on start.</summary>
public sealed class EdXmlFolders
{
    public EdXmlFolders(BridgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.EdXmlFolder);
        Outbox = Path.Combine(root, "outbox");
        StatusOutbox = Path.Combine(root, "status-outbox");
        Inbox = Path.Combine(root, "inbox");
        Statuses = Path.Combine(root, "statuses");
        Sent = Path.Combine(root, "sent");
        Failed = Path.Combine(root, "failed");
        foreach (var folder in new[] { Outbox, StatusOutbox, Inbox, Statuses, Sent, Failed })
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>The document-management system drops document packages to send here.</summary>
    public string Outbox { get; }

    /// <summary>The document-management system drops status packages (about documents it received) to post here.</summary>
    public string StatusOutbox { get; }

    /// <summary>The bridge writes each received document here as a package.</summary>
    public string Inbox { get; }

    /// <summary>The bridge writes each status reported about a sent document here as a status package.</summary>
    public string Statuses { get; }

    /// <summary>Sent and posted packages, with NAME.sent.json.</summary>
    public string Sent { get; }

    /// <summary>Refused packages, with NAME.error.txt.</summary>
    public string Failed { get; }
}
