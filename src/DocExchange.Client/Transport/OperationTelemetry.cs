using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using static DocExchange.Client.DocExchangeClientTelemetry;

namespace DocExchange.Client.Transport;

/// <summary>
/// The span and metrics of one operation (or one connection of an endless stream): started before the first attempt,
/// so that Grpc.Net.Client's per-attempt spans nest under it, and completed once with its outcome.
/// </summary>
internal sealed class OperationTelemetry
{
    private const string Ok = "ok";
    private static readonly AsyncLocal<OperationTelemetry?> CurrentOperation = new();

    private readonly string _operation;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _sent;
    private long _received;
    private bool _completed;

    private OperationTelemetry(string operation)
    {
        _operation = operation;
        _activity = Source.StartActivity(operation, ActivityKind.Client);
        _activity?.SetTag(OperationTag, operation);
    }

    /// <summary>The operation running in this asynchronous flow, if any (content loops report their bytes to it).</summary>
    public static OperationTelemetry? Current => CurrentOperation.Value;

    /// <summary>Starts an operation, which becomes <see cref="Current"/> for the rest of the caller's asynchronous flow.</summary>
    public static OperationTelemetry Start(string operation)
    {
        var started = new OperationTelemetry(operation);
        CurrentOperation.Value = started;
        return started;
    }

    /// <summary>Starts one connection of an endless stream; not <see cref="Current"/>, since the stream yields to its consumer.</summary>
    public static OperationTelemetry StartConnection(string operation) => new(operation);

    public void Identify(string? documentId = null, string? messageId = null)
    {
        if (_activity is not { IsAllDataRequested: true })
        {
            return;
        }

        if (!string.IsNullOrEmpty(documentId))
        {
            _activity.SetTag(DocumentIdTag, documentId);
        }

        if (!string.IsNullOrEmpty(messageId))
        {
            _activity.SetTag(MessageIdTag, messageId);
        }
    }

    /// <summary>Takes the document and message ids from a request's <c>document_id</c> and <c>message_id</c> fields, when it has them.</summary>
    public void Identify(IMessage request)
    {
        if (_activity is { IsAllDataRequested: true })
        {
            Identify(StringField(request, "document_id"), StringField(request, "message_id"));
        }
    }

    public void Sent(int bytes)
    {
        _sent += bytes;
        Bytes.Add(bytes, new KeyValuePair<string, object?>(DirectionTag, "sent"));
    }

    public void Received(int bytes)
    {
        _received += bytes;
        Bytes.Add(bytes, new KeyValuePair<string, object?>(DirectionTag, "received"));
    }

    public void Retrying(int attempt, StatusCode status, TimeSpan delay)
    {
        Retries.Add(1, new KeyValuePair<string, object?>(OperationTag, _operation), new KeyValuePair<string, object?>(StatusTag, status.ToString()));
        _activity?.AddEvent(new ActivityEvent(RetryEvent, tags: new ActivityTagsCollection
        {
            [AttemptTag] = attempt,
            [GrpcStatusCodeTag] = (int)status,
            [DelayTag] = delay.TotalSeconds,
        }));
    }

    public void Succeeded() => Complete(Ok, null, null);

    /// <summary>Completes with the failure's status: its gRPC status, CANCELLED for the caller's cancellation, UNKNOWN for a local failure.</summary>
    public void Failed(Exception failure)
    {
        switch (failure)
        {
            case DocExchangeException refused:
                Complete(refused.StatusCode.ToString(), refused.StatusCode, null);
                break;
            case RpcException rpc:
                Complete(rpc.StatusCode.ToString(), rpc.StatusCode, null);
                break;
            case OperationCanceledException:
                // The caller's own decision, not an error of the operation.
                Complete(nameof(StatusCode.Cancelled), null, null);
                break;
            default:
                Complete(nameof(StatusCode.Unknown), StatusCode.Unknown, failure.GetType().FullName);
                break;
        }
    }

    private void Complete(string outcome, StatusCode? error, string? errorType)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        // Recorded while the span is still current, so that an exemplar or a listener can tie them to it.
        var operation = new KeyValuePair<string, object?>(OperationTag, _operation);
        var result = new KeyValuePair<string, object?>(OutcomeTag, outcome);
        Operations.Add(1, operation, result);
        if (Duration.Enabled)
        {
            Duration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, operation, result);
        }

        if (_activity is null)
        {
            return;
        }

        if (_sent > 0)
        {
            _activity.SetTag(BytesSentTag, _sent);
        }

        if (_received > 0)
        {
            _activity.SetTag(BytesReceivedTag, _received);
        }

        if (error is { } status)
        {
            _activity.SetTag(GrpcStatusCodeTag, (int)status);
            _activity.SetTag(ErrorTypeTag, errorType ?? status.ToString());
            _activity.SetStatus(ActivityStatusCode.Error, DocExchangeException.FormatCode(status));
        }
        else if (outcome == Ok)
        {
            _activity.SetTag(GrpcStatusCodeTag, (int)StatusCode.OK);
            _activity.SetStatus(ActivityStatusCode.Ok);
        }

        _activity.Stop();
    }

    private static string? StringField(IMessage message, string name) =>
        message.Descriptor.FindFieldByName(name) is { FieldType: FieldType.String, IsRepeated: false } field ? field.Accessor.GetValue(message) as string : null;
}
