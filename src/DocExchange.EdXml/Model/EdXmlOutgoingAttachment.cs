namespace DocExchange.EdXml.Model;

/// <summary>An attachment to write: its manifest entry and a way to open its content (read once, streamed).</summary>
public sealed record EdXmlOutgoingAttachment(EdXmlReference Reference, Func<CancellationToken, ValueTask<Stream>> OpenAsync)
{
    public static EdXmlOutgoingAttachment FromFile(EdXmlReference reference, string path) =>
        new(reference, _ => ValueTask.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)));
}
