using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocExchange.Samples.AgencyDmsBridge.Outbox;

/// <summary>
/// Watches a folder the document-management system drops files into: a file-system notification triggers a scan at
/// once, and a periodic scan catches what the notifications miss (overflowing buffers, network shares, files present
/// at start-up). Only complete names match <see cref="Pattern"/>: a file written under a temporary name
/// (NAME.edxml.tmp) is picked up once it is renamed into place.
/// </summary>
public abstract class DropFolderWorker(BridgeOptions options, ILogger logger) : BackgroundService
{
    /// <summary>The folder watched.</summary>
    protected abstract string Folder { get; }

    /// <summary>The files handled, e.g. "*.pdf".</summary>
    protected abstract string Pattern { get; }

    /// <summary>Handles one file; a file left in place is tried again on the next scan.</summary>
    protected abstract Task ProcessAsync(string path, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wakeUp = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(Folder)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler changed = (_, _) => wakeUp.Writer.TryWrite(true);
        watcher.Created += changed;
        watcher.Changed += changed;
        watcher.Renamed += (_, _) => wakeUp.Writer.TryWrite(true);
        watcher.Error += (_, e) => logger.LogWarning(e.GetException(), "Notifications for {Folder} failed; the periodic scan continues", Folder);
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Folder} for {Pattern} (scan every {ScanInterval})", Folder, Pattern, options.ScanInterval);

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

    /// <summary>Tries every matching file once, oldest name first.</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(Folder, Pattern).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await ProcessAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not process {File}; trying again on the next scan", Path.GetFileName(file));
            }
        }
    }
}
