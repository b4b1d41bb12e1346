namespace DocExchange.Protocol.Grpc.Client;

/// <summary>What the public call objects expose of a running call.</summary>
internal interface IClientCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
