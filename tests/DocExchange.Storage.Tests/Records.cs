using System.Security.Cryptography;
using System.Text;
using DocExchange.Core.Agencies;
using DocExchange.Core.Auditing;
using DocExchange.Core.Documents;
using DocExchange.Core.Statuses;
using DocExchange.Core.Storage;

namespace DocExchange.Storage.Tests;

/// <summary>Domain records for tests that drive a store directly, without the exchange service.</summary>
public static class Records
{
    public static readonly DateTimeOffset Time = new(2024, 5, 10, 3, 0, 0, TimeSpan.Zero);

    public static Agency Agency(AgencyCode code) => new(code, $"Agency {code}", AgencyContact.Empty, true, Time, Time);

    /// <summary>An event by <paramref name="actor"/> (an agency code, or else a role) about <paramref name="documentId"/>.</summary>
    public static AuditEventRecord Audit(string actor, string action, string? documentId = null) => new(
        0, Time, AgencyCode.TryParse(actor, out var agency) ? ExchangeActor.ForAgency(agency) : ExchangeActor.ForRole(actor),
        action, documentId ?? string.Empty, [], [], AuditActions.OutcomeOk, string.Empty);

    /// <summary>A document named by its message id (which also serves as its number), with one part.</summary>
    public static StoredDocument Document(AgencyCode sender, string messageId, IReadOnlyList<AgencyCode> recipients, string? number = null)
    {
        var hash = Sha256Digest.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)));
        return new StoredDocument(
            new DocumentId(sender, DateOnly.FromDateTime(Time.UtcDateTime), number ?? messageId, "TEST"), sender, messageId, recipients,
            $"Subject of {messageId}", BusinessDocType.New, null, new byte[] { 1, 2, 3 }, null, Time,
            [new StoredPart("main", PartKind.Main, "main.pdf", "application/pdf", 10, hash)],
            [new TraceHop(sender, Time)]);
    }

    /// <summary>The append of <paramref name="code"/> by <paramref name="recipient"/> onto a delivery in <paramref name="current"/> at <paramref name="version"/>.</summary>
    public static StatusAppend Status(
        StoredDocument document, AgencyCode recipient, StatusCode code, DeliveryState current, long version, string? messageId = null)
    {
        if (!StatusTransitions.TryApply(current, code, out var next, out var refusal)) throw new InvalidOperationException(refusal);
        var record = new StatusRecord(0, document.Id, document.Sender, recipient, recipient, code, string.Empty, Time, Time, StaffInfo.Empty, messageId);
        IReadOnlyList<Core.Delivery.DeliveryKind> acknowledges = code == StatusCode.Arrived ? [Core.Delivery.DeliveryKind.Document] : [];
        return new StatusAppend(record, version, next, acknowledges);
    }
}
