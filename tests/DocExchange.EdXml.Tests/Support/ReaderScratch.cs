using DocExchange.Testing;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>
/// A test class's own folder for the attachments the reader decodes: the options that decode into it, and a refusal
/// that must leave it empty (a refused package deletes what it had decoded).
/// </summary>
internal sealed class ReaderScratch : IDisposable
{
    private readonly TempDirectory _folder = new();

    public EdXmlReaderOptions Options() => new() { TempDirectory = _folder.Path };

    public async Task<EdXmlException> RefusedAsync(string xml, EdXmlReaderOptions? options = null)
    {
        var refused = await Packages.RefusedAsync(xml, options ?? Options());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Path));
        return refused;
    }

    public void Dispose() => _folder.Dispose();
}
