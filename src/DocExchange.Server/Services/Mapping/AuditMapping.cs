using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Merkle;
using DocExchange.Audit.Trail;
using Google.Protobuf;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.Mapping;

internal static class AuditMapping
{
    public static Proto.AuditEventEntry ToProto(this AuditEventEntry entry)
    {
        var e = entry.Event;
        var proto = new Proto.AuditEventEntry
        {
            Event = new Proto.AuditEvent
            {
                Sequence = e.Sequence,
                Time = e.Time.ToProto(),
                Actor = new Proto.Actor
                {
                    OrganId = e.Actor.OrganId,
                    Role = e.Actor.Role,
                    CertificateSha256 = ByteString.CopyFrom(e.Actor.CertificateSha256),
                },
                Action = e.Action,
                DocumentId = e.DocumentId,
                Outcome = e.Outcome,
                Detail = e.Detail,
            },
            Leaf = ByteString.CopyFrom(entry.Leaf),
        };
        proto.Event.Recipients.AddRange(e.Recipients);
        proto.Event.ContentHashes.AddRange(e.ContentHashes.Select(h => new Proto.ContentHash { PartId = h.PartId, Sha256 = ByteString.CopyFrom(h.Sha256) }));
        if (entry.Inclusion is { } inclusion)
        {
            proto.Inclusion = inclusion.ToProto();
        }

        return proto;
    }

    public static Proto.InclusionProof ToProto(this InclusionProof proof)
    {
        var proto = new Proto.InclusionProof { LeafIndex = proof.LeafIndex, TreeSize = proof.TreeSize };
        proto.Hashes.AddRange(proof.Hashes.Select(ByteString.CopyFrom));
        return proto;
    }

    public static Proto.ConsistencyProof ToProto(this ConsistencyProof proof)
    {
        var proto = new Proto.ConsistencyProof { FirstTreeSize = proof.FirstTreeSize, SecondTreeSize = proof.SecondTreeSize };
        proto.Hashes.AddRange(proof.Hashes.Select(ByteString.CopyFrom));
        return proto;
    }

    /// <summary>The claimed fields come from the signed checkpoint itself, so they always match the signed body.</summary>
    public static Proto.SignedCheckpoint ToProto(this SignedCheckpoint checkpoint) => new()
    {
        TimestampToken = checkpoint.TimestampToken is null ? ByteString.Empty : ByteString.CopyFrom(checkpoint.TimestampToken),
        TreeSize = checkpoint.Checkpoint.TreeSize,
        RootHash = ByteString.CopyFrom(checkpoint.Checkpoint.RootHash),
        Time = checkpoint.Checkpoint.Time.ToProto(),
        SignedBody = ByteString.CopyFrom(checkpoint.Body),
        Signature = ByteString.CopyFrom(checkpoint.Signature),
        KeyId = ByteString.CopyFrom(checkpoint.KeyId),
    };
}
