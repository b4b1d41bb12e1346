namespace DocExchange.Protocol.Grpc;

/// <summary>Flags for writing one message.</summary>
[Flags]
public enum WriteFlags
{
    None = 0,

    /// <summary>Send this message uncompressed even when the call compresses.</summary>
    NoCompress = 0x2,
}

/// <summary>Options for writing messages, as in Grpc.Core.</summary>
public sealed class WriteOptions
{
    public static readonly WriteOptions Default = new();

    public WriteOptions(WriteFlags flags = WriteFlags.None)
    {
        Flags = flags;
    }

    public WriteFlags Flags { get; }

    internal static bool ForbidsCompression(WriteOptions? options) =>
        options is not null && (options.Flags & WriteFlags.NoCompress) != 0;
}
