using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Outbox;

/// <summary>
/// Watches the outbox: a file-system notification triggers a scan at once, and a periodic scan catches what the
/// notifications miss (overflowing buffers, network shares, files present at start-up).
/// </summary>
public sealed class OutboxWorker(OutboxSender sender, BridgeFolders folders, BridgeOptions options, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(folders.Outbox)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler changed = (_, _) => wakeUp.Writer.TryWrite(true);
        watcher.Created += changed;
        watcher.Changed += changed;
        watcher.Renamed += (_, _) => wakeUp.Writer.TryWrite(true);
        watcher.Error += (_, e) => logger.LogWarning(e.GetException(), "Outbox notifications failed; the periodic scan continues");
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching the outbox {Outbox} (scan every {ScanInterval})", folders.Outbox, options.ScanInterval);

        while (!stoppingToken.IsCancellationRequested)
        {
            await ScanAsync(stoppingToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.ScanInterval);
            try
            {
                await wakeUp.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The periodic scan.
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Tries every PDF in the outbox once, oldest name first.</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        var pdfs = Directory.EnumerateFiles(folders.Outbox, "*.pdf").Order(StringComparer.Ordinal).ToList();
        foreach (var pdf in pdfs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await sender.ProcessAsync(pdf, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not process {File}; trying again on the next scan", Path.GetFileName(pdf));
            }
        }
    }
}
