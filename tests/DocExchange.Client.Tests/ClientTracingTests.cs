using System.Collections.Concurrent;
using System.Diagnostics;
using DocExchange.Client.Tests.Infrastructure;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

/// <summary>
/// docs/CLIENT.md promises that every call of the library shows in traces as Grpc.Net.Client's own activity, with the
/// method and the gRPC status, so that a NOT_FOUND over a successful HTTP request is still visible as one.
/// </summary>
public sealed class ClientTracingTests : ServerTest
{
    private const string CallActivity = "Grpc.Net.Client.GrpcOut";
    private static readonly ActivitySource Test = new("DocExchange.Client.Tests");

    [Fact]
    public async Task A_call_answered_not_found_shows_its_method_and_grpc_status_on_the_client_activity()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        DocExchangeException error;
        ActivityTraceId trace;
        using (var parent = Test.StartActivity("lookup")!)
        {
            trace = parent.TraceId;
            error = await Assert.ThrowsAsync<DocExchangeException>(() => Server.Operator().GetAgencyAsync("000.00.00.H29", Timeout));
        }

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        var calls = stopped.Where(a => a.TraceId == trace && a.OperationName == CallActivity
            && Equals(a.GetTagItem("grpc.method"), "/docexchange.v1.Registry/GetAgency")).ToList();
        var call = Assert.Single(calls);
        Assert.Equal(((int)GrpcStatusCode.NotFound).ToString(System.Globalization.CultureInfo.InvariantCulture), call.GetTagItem("grpc.status_code"));
    }
}
