using System.Diagnostics.CodeAnalysis;

namespace DocExchange.Core.Statuses;

/// <summary>
/// The per-(document, recipient) state machine of edXML statuses (QCVN 102:2016 status package;
/// meanings in docs/STANDARDS.md "Status codes"; recall per Nghị định 30/2020 Art. 18.4b).
/// </summary>
/// <remarks>
/// The whole transition table, in one place. "-" means refused.
/// <code>
///  current stage      | 01 | 02 | 03 | 04 | 05 | 06 | 13 (sender) | 15  | 16
///  -------------------+----+----+----+----+----+----+-------------+-----+----
///  delivered (none)   | 01 |  - |  - |  - |  - |  - | recall      |  -  |  -
///  01 arrived         |  - | 02 | 03 |  - |  - |  - | recall      |  -  |  -
///  02 rejected        |  - |  - |  - |  - |  - |  - |  -          |  -  |  -     (final: nothing after 02)
///  03 accepted        |  - |  - |  - | 04 | 05 | 06 | recall      |  -  |  -
///  04 assigned        |  - |  - |  - | 04 | 05 | 06 | recall      |  -  |  -     (04 again: reassigned)
///  05 processing      |  - |  - |  - |  - | 05 | 06 | recall      |  -  |  -     (05 again: progress note)
///  06 done            |  - |  - |  - |  - |  - |  - | recall      |  -  |  -
///  recalled (15)      |  - |  - |  - |  - |  - |  - |  -          |  -  |  -     (final)
///  any + recall pending: only 15 (→ recalled) or 16 (→ the stage before 13); and 01 while still "delivered",
///                        because 01 acknowledges the delivery itself, which the recall does not undo.
/// </code>
/// Rules behind it: 01 acknowledges a delivery and comes first; the clerk then accepts (03) or rejects (02);
/// handling (04/05/06) follows acceptance; 13 is the sender's and is answered by 15 or 16 (docs/STANDARDS.md).
/// The edXML reuse of 02/03 to answer a recall is not accepted: a recall is answered with 15 or 16 only.
/// </remarks>
public static class StatusTransitions
{
    /// <summary>Who may post each code: 13 is the sender's, every other code the recipient's.</summary>
    public static StatusReporter PostedBy(StatusCode code) =>
        code == StatusCode.RecallRequested ? StatusReporter.Sender : StatusReporter.Recipient;

    /// <summary>The codes allowed next from <paramref name="current"/>, in edXML order.</summary>
    public static IReadOnlyList<StatusCode> AllowedNext(DeliveryState current)
    {
        var allowed = new List<StatusCode>();
        foreach (var code in Enum.GetValues<StatusCode>())
        {
            if (TryApply(current, code, out _, out _)) allowed.Add(code);
        }
        return allowed;
    }

    /// <summary>Applies <paramref name="code"/> to <paramref name="current"/>, or says why it cannot follow.</summary>
    public static bool TryApply(DeliveryState current, StatusCode code, out DeliveryState next, [NotNullWhen(false)] out string? refusal)
    {
        next = current;
        refusal = null;
        var stage = current.Stage;

        if (current.RecallPending)
        {
            switch (code)
            {
                case StatusCode.Agreed:
                    next = new DeliveryState(DeliveryStage.Recalled, false);
                    return true;
                case StatusCode.Refused:
                    next = current with { RecallPending = false };
                    return true;
                case StatusCode.Arrived when stage == DeliveryStage.Delivered:
                    next = current with { Stage = DeliveryStage.Arrived };
                    return true;
                case StatusCode.RecallRequested:
                    refusal = "a recall (13) is already pending";
                    return false;
                default:
                    refusal = "a recall (13) is pending: answer it with 15 (agree) or 16 (refuse) first";
                    return false;
            }
        }

        DeliveryStage? target = (stage, code) switch
        {
            (DeliveryStage.Delivered, StatusCode.Arrived) => DeliveryStage.Arrived,
            (DeliveryStage.Arrived, StatusCode.Rejected) => DeliveryStage.Rejected,
            (DeliveryStage.Arrived, StatusCode.Accepted) => DeliveryStage.Accepted,
            (DeliveryStage.Accepted or DeliveryStage.Assigned, StatusCode.Assigned) => DeliveryStage.Assigned,
            (DeliveryStage.Accepted or DeliveryStage.Assigned or DeliveryStage.Processing, StatusCode.Processing) => DeliveryStage.Processing,
            (DeliveryStage.Accepted or DeliveryStage.Assigned or DeliveryStage.Processing, StatusCode.Done) => DeliveryStage.Done,
            _ => null,
        };
        if (target is { } reached)
        {
            next = new DeliveryState(reached, false);
            return true;
        }

        if (code == StatusCode.RecallRequested && stage is not (DeliveryStage.Rejected or DeliveryStage.Recalled))
        {
            next = current with { RecallPending = true };
            return true;
        }

        refusal = stage switch
        {
            DeliveryStage.Rejected => "the document was rejected (02) and nothing may follow 02",
            DeliveryStage.Recalled => "the document was recalled (15) and nothing may follow",
            DeliveryStage.Delivered => "the delivery must first be acknowledged with 01",
            DeliveryStage.Arrived => "after 01 the clerk answers 03 (accept) or 02 (reject)",
            _ when code is StatusCode.Agreed or StatusCode.Refused => "15 and 16 answer a pending recall (13), and none is pending",
            _ => "the document must be accepted (03) before it is assigned, processed or done, and it cannot go back",
        };
        return false;
    }
}
