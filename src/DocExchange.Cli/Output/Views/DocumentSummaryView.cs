using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>A document in a listing of sent or received documents.</summary>
public sealed record DocumentSummaryView(
    string DocumentId,
    string? Subject,
    DateTimeOffset? SentAt,
    IReadOnlyList<string> Recipients,
    string? LatestStatus,
    string? LatestStatusName,
    bool Recalled)
{
    public static DocumentSummaryView From(DocumentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        bool hasStatus = summary.LatestStatus != ProcessingStatusCode.Unspecified;
        return new DocumentSummaryView(
            summary.DocumentId,
            summary.Header?.Subject is { Length: > 0 } subject ? subject : null,
            ProtoText.Time(summary.SentAt),
            summary.Recipients.ToList(),
            hasStatus ? ProtoText.StatusCode(summary.LatestStatus) : null,
            hasStatus ? ProtoText.StatusName(summary.LatestStatus) : null,
            summary.Recalled);
    }
}
