namespace DocExchange.Core.Statuses;

/// <summary>
/// The state of one (document, recipient) pair: its processing stage and whether a recall (13) awaits the
/// recipient's answer. A recall does not erase the stage: refusing it (16) returns to where processing was.
/// </summary>
public readonly record struct DeliveryState(DeliveryStage Stage, bool RecallPending)
{
    public static DeliveryState Initial => new(DeliveryStage.Delivered, false);

    public override string ToString()
    {
        var stage = Stage switch
        {
            DeliveryStage.Delivered => "delivered, no status yet",
            DeliveryStage.Recalled => "recalled (15)",
            _ => ((StatusCode)(int)Stage).Describe(),
        };
        return RecallPending ? stage + ", recall (13) pending" : stage;
    }
}
