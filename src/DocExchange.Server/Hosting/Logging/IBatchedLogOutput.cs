using Serilog.Events;

namespace DocExchange.Server.Hosting.Logging;

/// <summary>Where <see cref="BatchedLogSink"/> writes: every event of a batch, then one flush for the batch.</summary>
public interface IBatchedLogOutput : IDisposable
{
    void Write(LogEvent logEvent);

    /// <summary>Hands what the batch wrote to the operating system (one write, no fsync).</summary>
    void Flush();
}
