using System.Threading.Channels;
using DocExchange.Protocol.Grpc.Methods;
using DocExchange.Protocol.Grpc.Server;
using DocExchange.Protocol.Health.V1;
using ServingStatus = DocExchange.Protocol.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace DocExchange.Protocol.Grpc.Services;

/// <summary>
/// grpc.health.v1.Health (grpc/grpc doc/health-checking.md). Statuses are set per service name; ""
/// is the server as a whole and starts as SERVING.
/// </summary>
public sealed class HealthService : IGrpcService
{
    /// <summary>The service name that stands for the whole server.</summary>
    public const string OverallServiceName = "";

    private readonly Lock _sync = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [OverallServiceName] = ServingStatus.Serving };
    private readonly Dictionary<string, List<ChannelWriter<ServingStatus>>> _watchers = new(StringComparer.Ordinal);

    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_sync)
        {
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_sync)
        {
            if (_statuses.Remove(service))
            {
                Notify(service, ServingStatus.ServiceUnknown);
            }
        }
    }

    public ServingStatus? GetStatus(string service)
    {
        lock (_sync)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    public void Bind(GrpcServiceBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddUnary(HealthMethods.Check, CheckAsync);
        binder.AddServerStreaming(HealthMethods.Watch, WatchAsync);
    }

    private Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        var status = GetStatus(request.Service)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        // Only the latest status matters to a watcher that falls behind.
        var channel = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_sync)
        {
            if (!_watchers.TryGetValue(request.Service, out var list))
            {
                _watchers[request.Service] = list = [];
            }

            list.Add(channel.Writer);
            channel.Writer.TryWrite(_statuses.TryGetValue(request.Service, out var current) ? current : ServingStatus.ServiceUnknown);
        }

        try
        {
            ServingStatus? lastSent = null;
            await foreach (var status in channel.Reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                if (status != lastSent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = status }, context.CancellationToken).ConfigureAwait(false);
                    lastSent = status;
                }
            }
        }
        finally
        {
            lock (_sync)
            {
                var list = _watchers[request.Service];
                list.Remove(channel.Writer);
                if (list.Count == 0)
                {
                    _watchers.Remove(request.Service);
                }
            }
        }
    }

    private void Notify(string service, ServingStatus status)
    {
        if (_watchers.TryGetValue(service, out var list))
        {
            foreach (var writer in list)
            {
                writer.TryWrite(status);
            }
        }
    }
}
