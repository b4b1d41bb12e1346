using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using DocExchange.Protocol.V1;
using DocExchange.Samples.AgencyDmsBridge.Files;

namespace DocExchange.Samples.AgencyDmsBridge.Statuses;

/// <summary>
/// sent/&lt;document id&gt;.statuses.jsonl: one JSON line per status a recipient reported about a sent document, and
/// sent/.statuses.cursor, the last sequence written, from which the watch resumes after a restart.
/// </summary>
public sealed class StatusJournal(BridgeFolders folders) : ISentStatusStore
{
    public const string FileSuffix = ".statuses.jsonl";

    // Vietnamese text stays readable in the journal instead of \uXXXX escapes.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private string CursorPath => Path.Combine(folders.Sent, ".statuses.cursor");

    public string PathFor(string documentId) => SafeNames.PathIn(folders.Sent, SafeNames.ForDocumentId(documentId) + FileSuffix);

    public async Task RecordAsync(StatusReport status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var entry = new StatusEntry(
            status.Sequence,
            status.DocumentId,
            ((int)status.StatusCode).ToString("D2", CultureInfo.InvariantCulture),
            status.StatusCode.ToString(),
            status.From?.OrganId ?? string.Empty,
            status.Recipient,
            status.Description,
            status.Timestamp?.ToDateTimeOffset());
        await DurableFiles.AppendLineAsync(PathFor(status.DocumentId), JsonSerializer.Serialize(entry, Json), cancellationToken).ConfigureAwait(false);
        await CursorFile.WriteAsync(CursorPath, status.Sequence, cancellationToken).ConfigureAwait(false);
    }

    public Task<long> ReadCursorAsync(CancellationToken cancellationToken) => CursorFile.ReadAsync(CursorPath, cancellationToken);
}

/// <summary>One line of a statuses journal; <see cref="Code"/> is the edXML code ("01", "03", …).</summary>
public sealed record StatusEntry(
    long Sequence, string DocumentId, string Code, string Name, string ReportedBy, string Recipient, string Description, DateTimeOffset? Timestamp);
