using System.Text.Json;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Signatures;
using DocExchange.EdXml.Writing;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>Writes packages to bytes and reads them back, with the library's default options unless told otherwise.</summary>
internal static class Packages
{
    public static async Task<byte[]> WriteAsync(
        EdXmlMessageHeader header,
        IReadOnlyList<(EdXmlReference Reference, byte[] Content)> attachments,
        EdXmlEnvelopeSigner? signer = null,
        EdXmlWriterOptions? options = null)
    {
        using var output = new MemoryStream();
        var outgoing = attachments.Select(a => new EdXmlOutgoingAttachment(a.Reference, _ => ValueTask.FromResult<Stream>(new MemoryStream(a.Content, writable: false)))).ToList();
        await EdXmlPackageWriter.WriteDocumentAsync(output, header, outgoing, options ?? new EdXmlWriterOptions(), signer, CancellationToken.None);
        return output.ToArray();
    }

    public static async Task<byte[]> WriteStatusAsync(EdXmlStatus status, EdXmlEnvelopeSigner? signer = null)
    {
        using var output = new MemoryStream();
        await EdXmlPackageWriter.WriteStatusAsync(output, status, new EdXmlWriterOptions(), signer, CancellationToken.None);
        return output.ToArray();
    }

    public static async Task<EdXmlPackage> ReadAsync(byte[] package, EdXmlReaderOptions? options = null)
    {
        using var input = new MemoryStream(package, writable: false);
        return await EdXmlPackageReader.ReadAsync(input, options ?? new EdXmlReaderOptions(), CancellationToken.None);
    }

    public static async Task<EdXmlPackage> ReadAsync(string xml, EdXmlReaderOptions? options = null) =>
        await ReadAsync(System.Text.Encoding.UTF8.GetBytes(xml), options);

    public static async Task<EdXmlException> RefusedAsync(string xml, EdXmlReaderOptions? options = null) =>
        await RefusedAsync(System.Text.Encoding.UTF8.GetBytes(xml), options);

    public static async Task<EdXmlException> RefusedAsync(byte[] package, EdXmlReaderOptions? options = null) =>
        await Assert.ThrowsAsync<EdXmlException>(async () =>
        {
            await using var read = await ReadAsync(package, options);
        });

    /// <summary>Every field of a domain value, as JSON: records compare lists by reference, so compare this instead.</summary>
    public static string Fields(object? value) => JsonSerializer.Serialize(value);

    public static byte[] Content(EdXmlReceivedAttachment attachment) => File.ReadAllBytes(attachment.FilePath);
}
