using DocExchange.Audit.Trail;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Services.Mapping;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>docexchange.v1.Audit: the trail, its signed checkpoints and proofs, over <see cref="AuditLog"/>.</summary>
public sealed class AuditGrpcService(AuditLog audit) : Protocol.V1.Audit.AuditBase
{
    public override async Task QueryEvents(QueryEventsRequest request, IServerStreamWriter<Protocol.V1.AuditEventEntry> responses, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var query = new AuditEventQuery
        {
            DocumentId = Empty(request.DocumentId),
            Agency = Empty(request.OrganId),
            Actions = request.Actions.Count == 0 ? null : request.Actions.ToList(),
            Since = request.Since.ToDomain(),
            Until = request.Until.ToDomain(),
            FromSequence = request.FromSequence,
            Limit = request.Limit,
        };
        if (request.IncludeProofs)
        {
            // Proofs are against integrated events only: catch up first so that every returned event has one.
            await audit.Integrator.IntegrateAsync(ct).ConfigureAwait(false);
        }

        var entries = await Guard(() => audit.Trail.QueryEventsAsync(query, request.IncludeProofs ? request.ProofTreeSize : null, ct)).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await responses.WriteAsync(entry.ToProto(), ct).ConfigureAwait(false);
        }
    }

    public override async Task<SignedCheckpoint> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        if (request.Fresh)
        {
            await audit.Integrator.IntegrateAsync(context.CancellationToken).ConfigureAwait(false);
        }

        return (await Guard(() => audit.Checkpoints.GetCheckpointAsync(request.Fresh, context.CancellationToken)).ConfigureAwait(false)).ToProto();
    }

    public override async Task<InclusionProof> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context) =>
        (await Guard(() => audit.Trail.GetInclusionProofAsync(request.LeafIndex, request.TreeSize, context.CancellationToken)).ConfigureAwait(false)).ToProto();

    public override async Task<ConsistencyProof> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context) =>
        (await Guard(() => audit.Trail.GetConsistencyProofAsync(request.FirstTreeSize, request.SecondTreeSize, context.CancellationToken)).ConfigureAwait(false)).ToProto();

    public override async Task<LogInfo> GetLogInfo(GetLogInfoRequest request, ServerCallContext context)
    {
        var info = await audit.Trail.GetLogInfoAsync(context.CancellationToken).ConfigureAwait(false);
        return new LogInfo
        {
            PublicKey = ByteString.CopyFrom(info.PublicKey),
            KeyId = ByteString.CopyFrom(info.KeyId),
            SignatureAlgorithm = info.SignatureAlgorithm,
            TreeSize = info.TreeSize,
        };
    }

    /// <summary>A tree size or index beyond the log is the caller's mistake: OUT_OF_RANGE with the reason; a trail that contradicts itself is DATA_LOSS.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RpcException(new Status(GrpcStatusCode.OutOfRange, Core.Text.ArgumentMessages.Plain(e)));
        }
        catch (AuditIntegrityException e)
        {
            // The stored trail contradicts itself: say so rather than answer something inconsistent with the signed leaves.
            throw new RpcException(new Status(GrpcStatusCode.DataLoss, e.Message));
        }
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
