using DocExchange.Core.Statuses;

namespace DocExchange.Core.Tests;

/// <summary>
/// Every (state, code) pair of the reachable states against an expectation written here independently of the code:
/// The status meanings of docs/STANDARDS.md, read as "01 acknowledges, then 03 or 02; 04/05/06 follow 03; nothing after 02;
/// 13 is answered by 15 (recalled) or 16 (back to where it was)".
/// </summary>
public sealed class StatusTransitionTests
{
    // state: allowed code>next state. "+R" marks a pending recall.
    private static readonly string[] ExpectedTable =
    [
        "Delivered    : 01>Arrived 13>Delivered+R",
        "Arrived      : 02>Rejected 03>Accepted 13>Arrived+R",
        "Rejected     :",
        "Accepted     : 04>Assigned 05>Processing 06>Done 13>Accepted+R",
        "Assigned     : 04>Assigned 05>Processing 06>Done 13>Assigned+R",
        "Processing   : 05>Processing 06>Done 13>Processing+R",
        "Done         : 13>Done+R",
        "Recalled     :",
        "Delivered+R  : 01>Arrived+R 15>Recalled 16>Delivered",
        "Arrived+R    : 15>Recalled 16>Arrived",
        "Accepted+R   : 15>Recalled 16>Accepted",
        "Assigned+R   : 15>Recalled 16>Assigned",
        "Processing+R : 15>Recalled 16>Processing",
        "Done+R       : 15>Recalled 16>Done",
    ];

    private static readonly string[] AllCodes = ["01", "02", "03", "04", "05", "06", "13", "15", "16"];

    private static Dictionary<string, Dictionary<string, string>> Expected() =>
        ExpectedTable.ToDictionary(
            line => line.Split(':')[0].Trim(),
            line => line.Split(':')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(t => t.Split('>')[0], t => t.Split('>')[1]));

    public static TheoryData<string, string> EveryStateAndCode()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in Expected().Keys)
        {
            foreach (var code in AllCodes) data.Add(state, code);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndCode))]
    public void Each_code_from_each_state_is_allowed_or_refused_as_the_table_says(string state, string code)
    {
        var expected = Expected()[state];
        var allowed = StatusTransitions.TryApply(ParseState(state), ParseCode(code), out var next, out var refusal);

        if (expected.TryGetValue(code, out var target))
        {
            Assert.True(allowed, $"{code} from {state} should be allowed, but was refused: {refusal}");
            Assert.Equal(ParseState(target), next);
        }
        else
        {
            Assert.False(allowed, $"{code} from {state} should be refused, but led to {next}");
            Assert.False(string.IsNullOrWhiteSpace(refusal));
            Assert.Equal(ParseState(state), next);
        }
    }

    [Fact]
    public void The_states_reachable_from_a_fresh_delivery_are_exactly_those_of_the_table()
    {
        var reached = new HashSet<DeliveryState> { DeliveryState.Initial };
        var frontier = new Queue<DeliveryState>(reached);
        while (frontier.Count > 0)
        {
            var state = frontier.Dequeue();
            foreach (var code in AllCodes)
            {
                if (StatusTransitions.TryApply(state, ParseCode(code), out var next, out _) && reached.Add(next)) frontier.Enqueue(next);
            }
        }

        Assert.Equal(Expected().Keys.Select(ParseState).ToHashSet(), reached);
    }

    [Theory]
    [InlineData("Delivered", "01,13")]
    [InlineData("Arrived", "02,03,13")]
    [InlineData("Rejected", "")]
    [InlineData("Processing+R", "15,16")]
    public void Allowed_next_lists_the_codes_in_edxml_order(string state, string codes)
    {
        var listed = StatusTransitions.AllowedNext(ParseState(state)).Select(c => c.ToEdxml());

        Assert.Equal(codes, string.Join(",", listed));
    }

    [Fact]
    public void Only_the_recall_request_is_posted_by_the_sender()
    {
        foreach (var code in AllCodes.Select(ParseCode))
        {
            var expected = code == StatusCode.RecallRequested ? StatusReporter.Sender : StatusReporter.Recipient;
            Assert.Equal(expected, StatusTransitions.PostedBy(code));
        }
    }

    [Fact]
    public void A_refusal_explains_what_must_come_first()
    {
        StatusTransitions.TryApply(ParseState("Arrived"), StatusCode.Done, out _, out var refusal);

        Assert.Contains("03", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_describes_itself_by_edxml_code()
    {
        Assert.Equal("01 (arrived)", ParseState("Arrived").ToString());
        Assert.Equal("05 (processing), recall (13) pending", ParseState("Processing+R").ToString());
    }

    private static DeliveryState ParseState(string text)
    {
        var pending = text.EndsWith("+R", StringComparison.Ordinal);
        var stage = Enum.Parse<DeliveryStage>(pending ? text[..^2] : text);
        return new DeliveryState(stage, pending);
    }

    private static StatusCode ParseCode(string edxml) => (StatusCode)int.Parse(edxml, System.Globalization.CultureInfo.InvariantCulture);
}
