using DocExchange.Core.Exchange;
using DocExchange.Core.Statuses;
using DocExchange.Protocol.V1;
using DocExchange.Server.Identity;
using DocExchange.Server.Services.Mapping;
using Grpc.Core;

namespace DocExchange.Server.Services;

/// <summary>Exchange.PostStatus (and EdXmlExchange.PostStatusPackage): the post handed to the domain, and its metric.</summary>
public sealed class StatusPostHandler(ExchangeService exchange, Telemetry.ExchangeMetrics metrics)
{
    public async Task<PostStatusResponse> PostAsync(StatusPost post, ServerCallContext context)
    {
        var status = await exchange.PostStatusAsync(post, context.Caller().ToActor(), context.CancellationToken).ConfigureAwait(false);
        if (post.Code == Core.Statuses.StatusCode.Arrived)
        {
            metrics.DeliveryAcknowledged();
        }

        return new PostStatusResponse { Status = status.ToProto() };
    }
}
