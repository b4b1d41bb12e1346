using System.Security.Cryptography;
using DocExchange.Audit.Checkpoints;

namespace DocExchange.Server.Signing;

/// <summary>Timestamps audit checkpoints with the server's RFC 3161 TSA (SHA-256 message imprint).</summary>
public sealed class ServerCheckpointTimestamper(ServerTimestampAuthority authority) : ICheckpointTimestamper
{
    public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> bodySha256, CancellationToken cancellationToken) =>
        authority.Authority.GetTimestampTokenAsync(bodySha256, HashAlgorithmName.SHA256, cancellationToken);
}
