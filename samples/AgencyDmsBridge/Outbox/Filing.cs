using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DocExchange.Samples.AgencyDmsBridge.Files;

namespace DocExchange.Samples.AgencyDmsBridge.Outbox;

/// <summary>
/// Files a handled outbox entry in the sent or error folder: its record first (flushed, renamed into place), then
/// the files, under a base name no other entry there uses. The record first: if the bridge stops before the moves,
/// the entry is handled again and the server answers "duplicate" for the same message id.
/// </summary>
public static class Filing
{
    /// <summary>Indented, Vietnamese text kept readable instead of \uXXXX escapes.</summary>
    public static readonly JsonSerializerOptions RecordJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>
    /// Writes <paramref name="record"/> as BASE<paramref name="recordSuffix"/> in <paramref name="folder"/>, then moves
    /// <paramref name="file"/> there as BASE plus its extension; returns BASE.
    /// </summary>
    public static async Task<string> FileAsync(
        string file, string folder, string recordSuffix, string record, Func<string, bool> isSameEntry, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var target = UniqueBaseName(folder, name, recordSuffix, isSameEntry);
        await DurableFiles.WriteTextAsync(Path.Combine(folder, target + recordSuffix), record, cancellationToken).ConfigureAwait(false);
        File.Move(file, Path.Combine(folder, target + Path.GetExtension(file)), overwrite: true);
        return target;
    }

    /// <summary>NAME, or NAME-2, NAME-3… when NAME's record exists for another entry.</summary>
    public static string UniqueBaseName(string folder, string name, string recordSuffix, Func<string, bool> isSameEntry)
    {
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? name : $"{name}-{i}";
            var record = Path.Combine(folder, candidate + recordSuffix);
            if (!File.Exists(record) || isSameEntry(File.ReadAllText(record)))
            {
                return candidate;
            }
        }
    }

    /// <summary>The content's SHA-256, read with the file opened exclusively.</summary>
    /// <exception cref="IOException">Another process still holds the file (it is being written): try again later.</exception>
    public static async Task<byte[]> HashExclusivelyAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenExclusively(path);
        return await System.Security.Cryptography.SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exclusive: a file another process still writes cannot be opened, so it is picked up on a later scan.</summary>
    public static FileStream OpenExclusively(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.None, 64 * 1024, useAsync: true);
}
