namespace DocExchange.Testing.Network;

/// <summary>Which way bytes cross a <see cref="TcpRelay"/>.</summary>
public enum RelayDirection
{
    /// <summary>From the client to the server.</summary>
    ToServer,

    /// <summary>From the server to the client.</summary>
    ToClient,
}
