using DocExchange.Core.Delivery;
using DocExchange.Core.Statuses;

namespace DocExchange.Core.Storage;

/// <summary>A status to append and what it changes.</summary>
/// <param name="Status">The status; its Sequence is assigned by the store.</param>
/// <param name="ExpectedVersion">The delivery state's version the transition was computed from.</param>
/// <param name="Acknowledges">Inbox entry kinds of this (document, recipient) that the status acknowledges.</param>
/// <param name="Enqueue">An inbox entry to deliver to the recipient, e.g. a recall request.</param>
public sealed record StatusAppend(
    StatusRecord Status,
    long ExpectedVersion,
    DeliveryState NextState,
    IReadOnlyList<DeliveryKind> Acknowledges,
    InboxEntryToEnqueue? Enqueue = null);

public sealed record InboxEntryToEnqueue(DeliveryKind Kind, string? Reason);
