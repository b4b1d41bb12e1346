namespace DocExchange.Core.Statuses;

/// <summary>Where one recipient's copy of a document stands in its processing.</summary>
public enum DeliveryStage
{
    /// <summary>Delivered to the inbox; no status posted yet.</summary>
    Delivered = 0,
    Arrived = 1,
    Rejected = 2,
    Accepted = 3,
    Assigned = 4,
    Processing = 5,
    Done = 6,
    /// <summary>The recipient agreed to the sender's recall (15).</summary>
    Recalled = 15,
}
