namespace DocExchange.Core.Delivery;

public enum DeliveryKind
{
    /// <summary>A new document, or a replacing one. Acknowledged by 01.</summary>
    Document = 1,
    /// <summary>The sender asks to take the document back (13). Acknowledged by the answer, 15 or 16.</summary>
    RecallRequest = 2,
    /// <summary>The sender removed this agency from the recipients.</summary>
    RecipientRemoved = 3,
}
